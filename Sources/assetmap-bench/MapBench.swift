import AssetCatalogue
import AssetMapApp
import Foundation
import TermUI

/// `map`: a full map frame at 200×60 with real ward boundaries and N asset dots, from state to
/// bytes written. Each sample is one key handled by the explorer (pan, zoom, ward move, shading)
/// and then the whole frame: `update` + `willRender` + `view` + a full-frame `diff` (every cell,
/// as after a resize or Ctrl-L) + encoding the runs as terminal bytes (cursor moves, SGR colours,
/// UTF-8) + `write(2)` of those bytes to /dev/null. The incremental frame (diff against the
/// previous frame, only changed cells encoded and written) is measured too.
enum MapBench {
    static let size = Size(200, 60)
    /// Keys that change the map each frame, cycled.
    static let keys: [Key] = [.char("h"), .char("l"), .char("+"), .right, .char("k"), .char("j"), .char("-"), .left,
                              .up, .down, .char("s"), .char("0")]

    static func run(_ a: Args) throws {
        let out = ResultFile(path: a.options["json"])
        let n = try a.int("count", default: 100_000)
        let frames = try a.int("frames", default: 600)
        let seed = UInt64(try a.int("seed", default: 1))
        let file = try a.string("boundaries")
        guard let assets = DefaultCatalogue.assetsFolder() else { throw BenchError("cannot find Assets/ (set ASSETMAP_ASSETS)") }
        var (geo, tax) = try DefaultCatalogue.reference(from: assets)
        let (real, tBoundaries) = try timed { try BoundaryImport.read(URL(fileURLWithPath: file), geography: geo).boundaries() }
        geo.boundaries = real
        let (cat, tGen) = timed { Synthetic.catalogue(count: n, seed: seed, geography: geo, taxonomy: tax, name: "Synthetic \(grouped(n))") }
        let (index, tIndex) = timed { SearchIndex(cat) }
        var app = Explorer(catalogue: cat, index: index)
        app.size = size
        let theme = Theme.color(colorCount: 256)
        let (_, tOpen) = timed {
            _ = app.update(.key(.char("m")))
            _ = app.update(.key(.char("z")))
            app.willRender()
        }
        guard let scene = app.mapScene else { throw BenchError("the map did not open") }
        let dots = scene.geometry.xs.filter { !$0.isNaN }.count
        let sink = FileHandle(forWritingAtPath: "/dev/null")!
        var previous = app.view(size: size, theme: theme)

        struct Sample { var key = "", update = 0.0, view = 0.0, diff = 0.0, encode = 0.0, write = 0.0, bytes = 0
            var total: Double { update + view + diff + encode + write } }
        var full: [Sample] = [], incremental: [Sample] = []
        for f in 0..<(frames + 20) {
            let key = keys[f % keys.count]
            // Full frame.
            var s = Sample()
            let t0 = now()
            blackHole(app.update(.key(key)))
            app.willRender()
            let t1 = now()
            let frame = app.view(size: size, theme: theme)
            let t2 = now()
            let runs = frame.diff(from: nil)
            let t3 = now()
            let bytes = TerminalBytes.encode(runs)
            let t4 = now()
            sink.write(bytes)
            let t5 = now()
            s.key = key.name
            s.update = t1 - t0; s.view = t2 - t1; s.diff = t3 - t2; s.encode = t4 - t3; s.write = t5 - t4; s.bytes = bytes.count
            // The same frame drawn incrementally (what the run loop does between two frames).
            var i = Sample()
            let u0 = now()
            let runs2 = frame.diff(from: previous)
            let u1 = now()
            let bytes2 = TerminalBytes.encode(runs2)
            let u2 = now()
            sink.write(bytes2)
            let u3 = now()
            i.update = s.update; i.view = s.view; i.diff = u1 - u0; i.encode = u2 - u1; i.write = u3 - u2; i.bytes = bytes2.count
            previous = frame
            if f >= 20 { full.append(s); incremental.append(i) }  // 20 warm-up frames
        }

        heading("Map frame: \(grouped(dots)) asset dots on real boundaries (\(real.source.name)), \(size.width)×\(size.height), Braille")
        var setup = Table(["setup (once)", "time"])
        setup.add(["read + match the boundary file", secs(tBoundaries)])
        setup.add(["synthetic catalogue of \(grouped(n)) in memory", secs(tGen)])
        setup.add(["index build", secs(tIndex)])
        setup.add(["open the map (place \(grouped(scene.geometry.placed)) assets without coordinates, matches, shading)", secs(tOpen)])
        setup.print()
        print("")
        print("  one sample = a key (pan, zoom, ward move, shading; cycled) → update + willRender → view → diff → encode → write(/dev/null)")
        var t = Table(["state → bytes written", "samples", "p50", "p99", "max", "target", "verdict"])
        let fs = Stats(full.map(\.total)), inc = Stats(incremental.map(\.total))
        t.add(["FULL FRAME (every cell)", "\(full.count)", ms(fs.p50), ms(fs.p99), ms(fs.max), "p99 ≤ 16 ms", verdict(fs.p99, atMost: 0.016)])
        for (name, k) in [("  · update + willRender", \Sample.update), ("  · view (map, labels, legend)", \Sample.view),
                          ("  · diff", \Sample.diff), ("  · encode", \Sample.encode), ("  · write", \Sample.write)] as [(String, KeyPath<Sample, Double>)] {
            let st = Stats(full.map { $0[keyPath: k] })
            t.add([name, "", ms(st.p50), ms(st.p99), ms(st.max), "", ""])
        }
        t.add(["incremental frame (changed cells)", "\(incremental.count)", ms(inc.p50), ms(inc.p99), ms(inc.max), "", ""])
        t.print()
        // The map alone (MapScene.render into the map's inner rect), and the raster it shades from.
        if let scene = app.mapScene {
            let area = Rect(x: 1, y: 3, width: size.width - 2, height: size.height - 6)
            var renders: [Double] = [], rasters: [Double] = []
            for _ in 0..<200 {
                var b = Buffer(size: size)
                let (_, t) = timed { scene.render(into: &b, area: area, theme: theme) }
                renders.append(t)
                let v = scene.viewport(canvas: scene.layout(area).canvas)
                let (r, tr) = timed { scene.boundaries.raster(v) }
                blackHole(r)
                rasters.append(tr)
            }
            print("  map alone (MapScene.render, \(area.width)×\(area.height)): p50 \(ms(Stats(renders).p50)), p99 \(ms(Stats(renders).p99));"
                  + " of which the ward raster p50 \(ms(Stats(rasters).p50))")
            out["map_render_p50_s"] = Stats(renders).p50
        }
        var byKey = Table(["full frame by key", "samples", "update p50", "view p50", "total p50", "total max"])
        for k in keys.map(\.name) {
            let ks = full.filter { $0.key == k }
            byKey.add([k, "\(ks.count)", ms(Stats(ks.map(\.update)).p50), ms(Stats(ks.map(\.view)).p50),
                       ms(Stats(ks.map(\.total)).p50), ms(Stats(ks.map(\.total)).max)])
        }
        print("")
        byKey.print()
        let fb = Stats(full.map { Double($0.bytes) }), ib = Stats(incremental.map { Double($0.bytes) })
        print("  bytes per frame: full p50 \(Int(fb.p50)), incremental p50 \(Int(ib.p50)) (max \(Int(ib.max)))")
        out["kind"] = "map"
        out["size"] = n
        out["dots"] = dots
        out["map_full_p50_s"] = fs.p50
        out["map_full_p99_s"] = fs.p99
        out["map_full_max_s"] = fs.max
        out["map_incremental_p99_s"] = inc.p99
        out["map_view_p99_s"] = Stats(full.map(\.view)).p99
        out.write()
    }
}

/// Terminal output for diff runs, as a terminal writer would send it: a cursor move per run, an
/// SGR sequence when the style changes, then the cells' UTF-8 text. (The app writes through
/// ncurses; this is the same work without a terminal, so it can be timed in-process.)
enum TerminalBytes {
    static func encode(_ runs: [Run]) -> Data {
        var out = [UInt8]()
        out.reserveCapacity(runs.reduce(0) { $0 + $1.cells.count * 4 } + runs.count * 8)
        var current: Style? = nil
        func number(_ n: Int) { out.append(contentsOf: Array(String(n).utf8)) }
        func colour(_ c: Color, base: Int) {
            guard let i = c.index else { number(base + 9); return }
            number(base + 8); out.append(UInt8(ascii: ";")); number(5); out.append(UInt8(ascii: ";")); number(i)
        }
        for run in runs {
            out.append(0x1B); out.append(UInt8(ascii: "["))
            number(run.y + 1); out.append(UInt8(ascii: ";")); number(run.x + 1); out.append(UInt8(ascii: "H"))
            for cell in run.cells where !cell.isContinuation {
                if cell.style != current {
                    let s = cell.style
                    out.append(0x1B); out.append(UInt8(ascii: "[")); out.append(UInt8(ascii: "0"))
                    if s.attributes.contains(.bold) { out.append(contentsOf: Array(";1".utf8)) }
                    if s.attributes.contains(.dim) { out.append(contentsOf: Array(";2".utf8)) }
                    if s.attributes.contains(.underline) { out.append(contentsOf: Array(";4".utf8)) }
                    if s.attributes.contains(.reverse) { out.append(contentsOf: Array(";7".utf8)) }
                    out.append(UInt8(ascii: ";")); colour(s.fg, base: 30)
                    out.append(UInt8(ascii: ";")); colour(s.bg, base: 40)
                    out.append(UInt8(ascii: "m"))
                    current = s
                }
                out.append(contentsOf: cell.text.utf8)
            }
        }
        return Data(out)
    }
}
