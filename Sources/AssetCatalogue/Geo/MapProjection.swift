import Foundation

/// Latitude/longitude to a flat plane in metres: an equirectangular projection scaled for the
/// origin's latitude on the WGS84 ellipsoid (radii of curvature at the origin). Across a borough
/// (about 20 km) scale errors stay under 0.5 %, and being affine it keeps point-in-polygon
/// answers identical to the lat/lon test.
public struct MapProjection: Hashable, Sendable, Codable {
    /// Maps to (0, 0).
    public let origin: Coordinate
    public let metresPerDegreeLat: Double
    public let metresPerDegreeLon: Double

    public init(origin: Coordinate) {
        self.origin = origin
        let a = 6_378_137.0, f = 1 / 298.257223563
        let e2 = f * (2 - f)
        let phi = origin.lat * .pi / 180
        let s2 = sin(phi) * sin(phi)
        let meridional = a * (1 - e2) / pow(1 - e2 * s2, 1.5)
        let primeVertical = a / (1 - e2 * s2).squareRoot()
        metresPerDegreeLat = meridional * .pi / 180
        metresPerDegreeLon = primeVertical * cos(phi) * .pi / 180
    }

    /// The projection every ward map uses, centred in Oldham, so plane coordinates (viewport
    /// centres, cached positions) stay valid when real boundaries replace the schematic ones.
    public static let oldham = MapProjection(origin: Coordinate(lat: 53.55, lon: -2.05))

    @inline(__always)
    public func project(_ c: Coordinate) -> MapPoint {
        MapPoint((c.lon - origin.lon) * metresPerDegreeLon, (c.lat - origin.lat) * metresPerDegreeLat)
    }

    @inline(__always)
    public func unproject(_ p: MapPoint) -> Coordinate {
        Coordinate(lat: origin.lat + p.y / metresPerDegreeLat, lon: origin.lon + p.x / metresPerDegreeLon)
    }

    public func project(_ b: GeoBounds) -> MapBounds {
        b.isEmpty ? .empty : MapBounds(points: [project(Coordinate(lat: b.minLat, lon: b.minLon)),
                                                project(Coordinate(lat: b.maxLat, lon: b.maxLon))])
    }
}

/// A position on a pixel grid: x to the right, y down, pixel (i, j) covering [i, i+1) × [j, j+1).
public struct PixelPoint: Hashable, Sendable, CustomStringConvertible {
    public var x: Double
    public var y: Double

    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }

    /// The pixel this position falls in.
    public var column: Int { Int(x.rounded(.down)) }
    public var row: Int { Int(y.rounded(.down)) }

    public var description: String { String(format: "(%.2f, %.2f)", x, y) }
}

/// How a terminal draws map pixels. Cells are taken to be about twice as tall as wide.
public enum RasterMode: String, CaseIterable, Hashable, Sendable, Codable {
    /// Braille: 2×4 dots per cell.
    case braille
    /// Upper/lower half blocks: 1×2 per cell, each half with its own colour.
    case halfBlock = "half-block"
    /// One character per pixel.
    case ascii

    public var dotsPerCell: (x: Int, y: Int) {
        switch self {
        case .braille: (2, 4)
        case .halfBlock: (1, 2)
        case .ascii: (1, 1)
        }
    }

    /// On-screen width ÷ height of one pixel, for a cell `cellAspect` (width ÷ height) wide.
    public func pixelAspect(cellAspect: Double = 0.5) -> Double {
        let d = dotsPerCell
        return cellAspect * Double(d.y) / Double(d.x)
    }
}

/// What part of the plane a W×H pixel grid shows: the "home" bounds that zoom 1 fits (the
/// borough), a zoom factor and a pan centre. Pure value; the terminal canvases (Braille,
/// half-block, ASCII) and SVG all draw through it. Pixels need not be square: `pixelAspect` is
/// a pixel's on-screen width ÷ height, and the map keeps ground distances equal both ways.
public struct Viewport: Hashable, Sendable {
    /// The plane rectangle that zoom 1 fits inside the grid, centred.
    public var home: MapBounds
    public private(set) var width: Int
    public private(set) var height: Int
    public var pixelAspect: Double
    /// Pixels kept clear on each side at zoom 1.
    public var margin: Int
    /// 1 fits `home`; 2 shows half as much ground across.
    public private(set) var zoom: Double
    /// The plane point at the middle of the grid.
    public var centre: MapPoint

    public static let zoomRange: ClosedRange<Double> = 0.5...512

    public init(home: MapBounds, width: Int, height: Int, pixelAspect: Double = 1, margin: Int = 1) {
        self.home = home.isEmpty ? MapBounds(minX: -1, minY: -1, maxX: 1, maxY: 1) : home
        self.width = max(1, width)
        self.height = max(1, height)
        self.pixelAspect = pixelAspect > 0 ? pixelAspect : 1
        self.margin = max(0, margin)
        zoom = 1
        centre = self.home.centre
    }

    /// A viewport for a terminal area of `columns`×`rows` cells drawn in `mode`.
    public init(home: MapBounds, columns: Int, rows: Int, mode: RasterMode, cellAspect: Double = 0.5, margin: Int = 1) {
        let d = mode.dotsPerCell
        self.init(home: home, width: columns * d.x, height: rows * d.y,
                  pixelAspect: mode.pixelAspect(cellAspect: cellAspect), margin: margin)
    }

    /// Metres of ground per pixel, across and down.
    public var metresPerPixelX: Double { fitScale(home) / zoom }
    public var metresPerPixelY: Double { metresPerPixelX / pixelAspect }

    /// The horizontal metres per pixel that fits `b` in the grid (inside the margins).
    private func fitScale(_ b: MapBounds) -> Double {
        let w = Double(max(1, width - 2 * margin)), h = Double(max(1, height - 2 * margin))
        let s = max(b.width / w, pixelAspect * b.height / h)
        return s > 0 ? s : 1
    }

    // MARK: Mapping

    /// Where a plane point falls on the grid (may be outside it).
    @inline(__always)
    public func pixel(for p: MapPoint) -> PixelPoint {
        let sx = metresPerPixelX, sy = sx / pixelAspect
        return PixelPoint(x: Double(width) / 2 + (p.x - centre.x) / sx,
                          y: Double(height) / 2 - (p.y - centre.y) / sy)
    }

    /// The plane point at a grid position.
    public func point(at px: PixelPoint) -> MapPoint {
        let sx = metresPerPixelX, sy = sx / pixelAspect
        return MapPoint(centre.x + (px.x - Double(width) / 2) * sx, centre.y - (px.y - Double(height) / 2) * sy)
    }

    /// The plane point at the centre of pixel (column, row).
    public func point(atPixelColumn column: Int, row: Int) -> MapPoint {
        point(at: PixelPoint(x: Double(column) + 0.5, y: Double(row) + 0.5))
    }

    /// The plane point at the centre of a terminal cell, for mouse clicks.
    public func point(atCellColumn column: Int, row: Int, mode: RasterMode) -> MapPoint {
        let d = mode.dotsPerCell
        return point(at: PixelPoint(x: (Double(column) + 0.5) * Double(d.x), y: (Double(row) + 0.5) * Double(d.y)))
    }

    /// The plane rectangle the grid shows.
    public var visibleBounds: MapBounds {
        MapBounds(points: [point(at: PixelPoint(x: 0, y: 0)), point(at: PixelPoint(x: Double(width), y: Double(height)))])
    }

    public func isVisible(_ p: MapPoint) -> Bool {
        let px = pixel(for: p)
        return px.x >= 0 && px.y >= 0 && px.x < Double(width) && px.y < Double(height)
    }

    // MARK: Changes (each returns a new viewport)

    /// Back to zoom 1 centred on `home` ("0" in the app).
    public func fitted() -> Viewport {
        var v = self
        v.zoom = 1
        v.centre = home.centre
        return v
    }

    /// Zoomed and centred so `b` (a ward, a cluster) fills the grid.
    public func fitted(to b: MapBounds) -> Viewport {
        guard !b.isEmpty else { return fitted() }
        var v = self
        v.zoom = Viewport.clampZoom(fitScale(home) / fitScale(b))
        v.centre = b.centre
        return v
    }

    /// Zoomed by `factor` keeping the ground under `pixel` where it is (the wheel at the
    /// pointer); about the grid's centre when `pixel` is nil (`+`/`-`).
    public func zoomed(by factor: Double, at pixel: PixelPoint? = nil) -> Viewport {
        let px = pixel ?? PixelPoint(x: Double(width) / 2, y: Double(height) / 2)
        let anchor = point(at: px)
        var v = self
        v.zoom = Viewport.clampZoom(zoom * factor)
        let sx = v.metresPerPixelX, sy = v.metresPerPixelY
        v.centre = MapPoint(anchor.x - (px.x - Double(width) / 2) * sx, anchor.y + (px.y - Double(height) / 2) * sy)
        return v
    }

    /// Moved so the map slides `dx` pixels right and `dy` down (a drag); hjkl pan by a fraction
    /// of the grid, e.g. `panned(byPixels: -width / 4, 0)` to look further east.
    public func panned(byPixels dx: Double, _ dy: Double) -> Viewport {
        var v = self
        v.centre = MapPoint(centre.x - dx * metresPerPixelX, centre.y + dy * metresPerPixelY)
        return v
    }

    /// Centred on `p`.
    public func centred(on p: MapPoint) -> Viewport {
        var v = self
        v.centre = p
        return v
    }

    /// The same zoom and centre on a grid of a new size (a terminal resize).
    public func resized(width: Int, height: Int) -> Viewport {
        var v = self
        v.width = max(1, width)
        v.height = max(1, height)
        return v
    }

    static func clampZoom(_ z: Double) -> Double {
        min(max(z.isFinite ? z : 1, zoomRange.lowerBound), zoomRange.upperBound)
    }
}
