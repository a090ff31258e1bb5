import AssetCatalogue
import Foundation

/// A clean SVG of a map scene for handouts: shaded wards, boundaries, cluster outlines, asset
/// dots, ward labels, a legend and the data attribution. A pure function of the scene and size.
public enum MapSVG {
    static func esc(_ s: String) -> String {
        var o = ""
        for ch in s.unicodeScalars {
            switch ch {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&apos;"
            default:
                // Control characters are not allowed in XML 1.0.
                if ch.value < 0x20 && ch != "\n" && ch != "\t" { continue }
                if (0x7F...0x9F).contains(ch.value) { continue }
                o.unicodeScalars.append(ch)
            }
        }
        return o
    }

    static func f(_ v: Double) -> String { String(format: "%.1f", v) }

    static let shadeFill = ["#f4f4f4", "#c6dbef", "#6baed6", "#2171b5", "#08306b"]
    static let gapFill = (absent: "#f4a582", present: "#a6dba0")
    static let kindFill = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"]
    static let categoryFill = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                               "#bcbd22", "#17becf", "#393b79", "#637939"]
    static let clusterStroke = ["#c51b7d", "#01665e", "#8c510a", "#d95f02", "#542788"]

    static func fill(_ s: WardShade?, gap: Bool) -> String {
        guard let s else { return "#ffffff" }
        if gap { return s.level > 0 ? gapFill.present : gapFill.absent }
        return shadeFill[min(4, max(0, s.level))]
    }

    public static func render(_ scene: MapScene, width: Int = 1000, height: Int = 700) -> String {
        let legendWidth = max(220, width * 28 / 100)
        let mapW = max(100, width - legendWidth), mapH = max(100, height - 40)
        var v = Viewport(home: scene.boundaries.planeBounds, width: mapW, height: mapH, pixelAspect: 1, margin: 12)
        if scene.state.zoom != 1 { v = v.zoomed(by: scene.state.zoom) }
        if let c = scene.state.centre { v.centre = c }
        let b = scene.boundaries
        let gap = scene.shading.mode == .gap
        var o = """
            <?xml version="1.0" encoding="UTF-8"?>
            <svg xmlns="http://www.w3.org/2000/svg" width="\(width)" height="\(height)" viewBox="0 0 \(width) \(height)" font-family="Helvetica, Arial, sans-serif">
            <title>\(esc("Oldham community assets — " + scene.shading.title))</title>
            <rect width="\(width)" height="\(height)" fill="#ffffff"/>
            <defs><clipPath id="map"><rect x="0" y="0" width="\(mapW)" height="\(mapH)"/></clipPath></defs>
            <g id="wards" clip-path="url(#map)" stroke="#555555" stroke-width="0.8" stroke-linejoin="round">

            """
        for code in b.codes {
            guard let shape = b.planeShapes[code] else { continue }
            var d = ""
            for poly in shape.polygons {
                for ring in poly.rings where ring.count >= 3 {
                    for (i, p) in ring.enumerated() {
                        let px = v.pixel(for: p)
                        d += (i == 0 ? "M" : "L") + f(px.x) + " " + f(px.y)
                    }
                    d += "Z"
                }
            }
            let focused = code == scene.state.ward
            o += "<path data-ward=\"\(esc(code))\" fill=\"\(fill(scene.shading.wards[code], gap: gap))\" fill-rule=\"evenodd\""
                + (focused ? " stroke=\"#000000\" stroke-width=\"2.5\"" : "") + " d=\"\(d)\"><title>\(esc(scene.catalogue.wardName(code)))</title></path>\n"
        }
        o += "</g>\n"
        if scene.state.clusters {
            o += "<g id=\"clusters\" clip-path=\"url(#map)\" fill=\"none\" stroke-width=\"2\" stroke-dasharray=\"6 4\">\n"
            for (k, area) in scene.geometry.clusterAreas.enumerated() {
                var d = ""
                for e in area.outline {
                    let p = v.pixel(for: e.a), q = v.pixel(for: e.b)
                    d += "M" + f(p.x) + " " + f(p.y) + "L" + f(q.x) + " " + f(q.y)
                }
                o += "<path data-cluster=\"\(esc(area.cluster.id))\" stroke=\"\(clusterStroke[k % clusterStroke.count])\" d=\"\(d)\"/>\n"
            }
            o += "</g>\n"
        }
        o += "<g id=\"assets\" clip-path=\"url(#map)\" stroke=\"none\">\n"
        let g = scene.geometry
        for i in 0..<g.xs.count where !g.xs[i].isNaN {
            let px = v.pixel(for: MapPoint(g.xs[i], g.ys[i]))
            guard px.x >= 0, px.y >= 0, px.x <= Double(mapW), px.y <= Double(mapH) else { continue }
            let on = scene.lit?[i] ?? true
            let colour = !on ? "#bbbbbb" : scene.state.dots == .kind ? kindFill[Int(g.kinds[i]) % 4] : categoryFill[Int(g.categories[i]) % categoryFill.count]
            o += "<circle cx=\"\(f(px.x))\" cy=\"\(f(px.y))\" r=\"\(on ? "2.2" : "1.4")\" fill=\"\(colour)\"/>\n"
        }
        o += "</g>\n<g id=\"labels\" font-size=\"\(scene.presenting ? 15 : 11)\" text-anchor=\"middle\" fill=\"#111111\" stroke=\"#ffffff\" stroke-width=\"3\" paint-order=\"stroke\">\n"
        for code in b.codes {
            guard let a = b.labelAnchors[code] else { continue }
            let px = v.pixel(for: a)
            guard px.x >= 0, px.y >= 0, px.x <= Double(mapW), px.y <= Double(mapH) else { continue }
            let value = scene.shading.wards[code]?.text ?? ""
            o += "<text x=\"\(f(px.x))\" y=\"\(f(px.y))\"\(code == scene.state.ward ? " font-weight=\"bold\"" : "")>\(esc(scene.catalogue.wardName(code)))"
                + "<tspan x=\"\(f(px.x))\" dy=\"1.1em\" font-size=\"0.85em\">\(esc(value))</tspan></text>\n"
        }
        o += "</g>\n"
        // Legend.
        let lx = mapW + 16
        var y = 28
        o += "<g id=\"legend\" font-size=\"12\" fill=\"#111111\">\n"
        o += "<text x=\"\(lx)\" y=\"\(y)\" font-size=\"15\" font-weight=\"bold\">Oldham community assets</text>\n"
        y += 20
        o += "<text x=\"\(lx)\" y=\"\(y)\">\(esc(b.isSchematic ? "Schematic ward map — approximate," : "Ward boundaries:"))</text>\n"
        y += 15
        o += "<text x=\"\(lx)\" y=\"\(y)\">\(esc(b.isSchematic ? "NOT real boundaries" : b.source.name))</text>\n"
        y += 26
        o += "<text x=\"\(lx)\" y=\"\(y)\" font-weight=\"bold\">\(esc(scene.shading.title))</text>\n"
        for s in scene.shading.steps {
            y += 18
            let fillColour = gap ? (s.level > 0 ? gapFill.present : gapFill.absent) : shadeFill[min(4, s.level)]
            o += "<rect x=\"\(lx)\" y=\"\(y - 11)\" width=\"18\" height=\"12\" fill=\"\(fillColour)\" stroke=\"#555555\" stroke-width=\"0.5\"/>"
                + "<text x=\"\(lx + 26)\" y=\"\(y)\">\(esc(s.label))</text>\n"
        }
        y += 28
        o += "<text x=\"\(lx)\" y=\"\(y)\" font-weight=\"bold\">\(scene.state.dots == .kind ? "Assets by kind" : "Assets by category")</text>\n"
        let entries: [(String, String)] = scene.state.dots == .kind
            ? AssetKind.allCases.map { (kindFill[$0.accentIndex % 4], $0.plural) }
            : g.categoryIDs.enumerated().map { (categoryFill[$0.offset % categoryFill.count], scene.catalogue.taxonomy.name(of: $0.element)) }
        for (colour, label) in entries {
            y += 17
            o += "<circle cx=\"\(lx + 9)\" cy=\"\(y - 4)\" r=\"4\" fill=\"\(colour)\"/><text x=\"\(lx + 26)\" y=\"\(y)\">\(esc(label))</text>\n"
        }
        if scene.lit != nil {
            y += 17
            o += "<circle cx=\"\(lx + 9)\" cy=\"\(y - 4)\" r=\"3\" fill=\"#bbbbbb\"/><text x=\"\(lx + 26)\" y=\"\(y)\">not matching the filter</text>\n"
        }
        if scene.state.clusters {
            y += 28
            o += "<text x=\"\(lx)\" y=\"\(y)\" font-weight=\"bold\">Health clusters (dashed)</text>\n"
            for (k, a) in g.clusterAreas.enumerated() {
                y += 17
                o += "<line x1=\"\(lx)\" y1=\"\(y - 4)\" x2=\"\(lx + 18)\" y2=\"\(y - 4)\" stroke=\"\(clusterStroke[k % clusterStroke.count])\" stroke-width=\"2\" stroke-dasharray=\"6 4\"/>"
                    + "<text x=\"\(lx + 26)\" y=\"\(y)\">\(esc(a.cluster.name))</text>\n"
            }
        }
        o += "</g>\n"
        o += "<text id=\"attribution\" x=\"8\" y=\"\(height - 12)\" font-size=\"10\" fill=\"#444444\">\(esc(MapScene.attribution(schematic: b.isSchematic)))</text>\n"
        o += "</svg>\n"
        return o
    }
}
