import Foundation

/// Which ward each pixel of a viewport shows: for shading wards (assets per ward, gap maps)
/// and for hit-testing a whole frame at once. Built by scanline filling every ward polygon
/// (O(rows × edges + pixels)), far cheaper than a point-in-polygon test per pixel.
public struct WardRaster: Sendable {
    public let width: Int
    public let height: Int
    /// Index → ward code (`WardBoundaries.codes`).
    public let codes: [String]
    /// Row-major, one per pixel: an index into `codes`, or -1 outside every ward.
    public let cells: [Int16]

    public func wardIndex(column: Int, row: Int) -> Int? {
        guard column >= 0, row >= 0, column < width, row < height else { return nil }
        let v = cells[row * width + column]
        return v < 0 ? nil : Int(v)
    }

    public func ward(column: Int, row: Int) -> String? { wardIndex(column: column, row: row).map { codes[$0] } }
}

extension WardBoundaries {
    /// The ward under the centre of every pixel of `viewport` (even-odd, holes honoured).
    public func raster(_ viewport: Viewport) -> WardRaster {
        let w = viewport.width, h = viewport.height
        var cells = [Int16](repeating: -1, count: w * h)
        var xs: [Double] = []
        for (wi, code) in codes.enumerated() {
            guard let shape = planeShapes[code] else { continue }
            for poly in shape.polygons {
                let rings = poly.rings.map { $0.map(viewport.pixel(for:)) }
                var minY = Double.infinity, maxY = -Double.infinity
                for r in rings { for p in r { minY = min(minY, p.y); maxY = max(maxY, p.y) } }
                minY = max(minY, -1); maxY = min(maxY, Double(h) + 1)
                guard minY <= maxY else { continue }
                let row0 = max(0, Int((minY - 0.5).rounded(.up))), row1 = min(h - 1, Int((maxY - 0.5).rounded(.down)))
                guard row0 <= row1 else { continue }
                for row in row0...row1 {
                    let yc = Double(row) + 0.5
                    xs.removeAll(keepingCapacity: true)
                    for r in rings where r.count >= 3 {
                        var j = r.count - 1
                        for i in r.indices {
                            let a = r[i], b = r[j]
                            if (a.y > yc) != (b.y > yc) { xs.append(a.x + (yc - a.y) * (b.x - a.x) / (b.y - a.y)) }
                            j = i
                        }
                    }
                    guard xs.count >= 2 else { continue }
                    xs.sort()
                    var k = 0
                    while k + 1 < xs.count {
                        // Pixel centres cx = col + 0.5 with xs[k] <= cx < xs[k+1].
                        let x0 = min(max(xs[k], -1), Double(w) + 1), x1 = min(max(xs[k + 1], -1), Double(w) + 1)
                        let c0 = max(0, Int((x0 - 0.5).rounded(.up)))
                        let c1 = min(w - 1, Int((x1 - 0.5).rounded(.up)) - 1)
                        if c0 <= c1 {
                            let base = row * w
                            for col in c0...c1 { cells[base + col] = Int16(wi) }
                        }
                        k += 2
                    }
                }
            }
        }
        return WardRaster(width: w, height: h, codes: codes, cells: cells)
    }
}

extension Viewport {
    /// The part of the segment a–b (plane points) that falls on the grid, in pixel coordinates,
    /// or nil when none does (Liang–Barsky). Draw boundaries through this when zoomed in, so a
    /// line running far off-screen costs nothing.
    public func clippedSegment(_ a: MapPoint, _ b: MapPoint) -> (PixelPoint, PixelPoint)? {
        let p = pixel(for: a), q = pixel(for: b)
        let dx = q.x - p.x, dy = q.y - p.y
        var t0 = 0.0, t1 = 1.0
        for (edgeP, edgeQ) in [(-dx, p.x), (dx, Double(width) - p.x), (-dy, p.y), (dy, Double(height) - p.y)] {
            if edgeP == 0 {
                if edgeQ < 0 { return nil }
                continue
            }
            let r = edgeQ / edgeP
            if edgeP < 0 { if r > t1 { return nil }; if r > t0 { t0 = r } }
            else { if r < t0 { return nil }; if r < t1 { t1 = r } }
        }
        return (PixelPoint(x: p.x + t0 * dx, y: p.y + t0 * dy), PixelPoint(x: p.x + t1 * dx, y: p.y + t1 * dy))
    }
}
