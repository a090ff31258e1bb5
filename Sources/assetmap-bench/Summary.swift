import Foundation
import TermUI

/// `summary`: the figures of one `make bench` run in one place, from the JSON files the modes
/// (and scripts/bench_tui.py, scripts/bench.sh) wrote. Nothing is measured here; nothing is
/// invented: a figure missing from the files is printed as "-".
enum Summary {
    static func run(_ a: Args) throws {
        var docs: [[String: Any]] = []
        for path in a.positional {
            guard let data = FileManager.default.contents(atPath: path),
                  let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { continue }
            docs.append(obj)
        }
        func d(_ o: [String: Any], _ k: String) -> Double? { (o[k] as? NSNumber)?.doubleValue }
        func i(_ o: [String: Any], _ k: String) -> Int { (o[k] as? NSNumber)?.intValue ?? 0 }
        func t(_ v: Double?) -> String { v.map { secs($0) } ?? "-" }
        func m(_ v: Double?, _ digits: Int = 2) -> String { v.map { ms($0, digits: digits) } ?? "-" }
        func v(_ x: Double?, _ limit: Double) -> String { x.map { verdict($0, atMost: limit) } ?? "-" }

        heading("Summary")
        let cats = docs.filter { $0["kind"] as? String == "catalogue" }.sorted { i($0, "size") < i($1, "size") }
        if !cats.isEmpty {
            var tb = Table(["catalogue", "load", "index build", "search p50", "search p99", "p99 all hits", "RSS peak"])
            for c in cats {
                tb.add([grouped(i(c, "size")), t(d(c, "load_s")), t(d(c, "index_s")), m(d(c, "search_top50_p50_s"), 3),
                        m(d(c, "search_top50_p99_s"), 3), m(d(c, "search_all_p99_s"), 3),
                        mb(i(c, "rss_peak_bytes"))])
            }
            tb.print()
        }
        for c in docs.filter({ $0["kind"] as? String == "compact" }) {
            print("")
            var tb = Table(["compact catalogue (the explorer's load)", "load", "target", "verdict", "search p99", "RSS peak", "target", "verdict"])
            tb.add([grouped(i(c, "size")), t(d(c, "load_s")), "≤ 2 s", v(d(c, "load_s"), 2), m(d(c, "search_top50_p99_s"), 3),
                    mb(i(c, "rss_peak_bytes")), "≤ 600 MB", v(d(c, "rss_peak_bytes"), 600_000_000)])
            tb.print()
        }
        let pers = docs.filter { $0["kind"] as? String == "persisted" }
        if !pers.isEmpty {
            print("")
            let save = pers.first { $0["save_s"] != nil }, read = pers.first { $0["read_s"] != nil }
            var tb = Table(["search index file", "size", "write", "file", "round trip", "read", "RSS after read"])
            let n = i((read ?? save)!, "size")
            tb.add([grouped(n), save.map { grouped(i($0, "size")) } ?? "-", t(save.flatMap { d($0, "save_s") }),
                    save.map { mb(i($0, "file_bytes")) } ?? "-",
                    save.map { "\(i($0, "roundtrip_same"))/\(i($0, "roundtrip_all"))" } ?? "-",
                    t(read.flatMap { d($0, "read_s") }), read.map { mb(i($0, "rss_read_bytes")) } ?? "-"])
            tb.print()
        }
        let apps = docs.filter { $0["kind"] as? String == "app" }
        if !apps.isEmpty {
            print("")
            var tb = Table(["explorer (in-process)", "launch → first frame", "key→frame p50", "p99", "max"])
            for c in apps.sorted(by: { i($0, "size") < i($1, "size") }) {
                let name = (c["default"] as? Bool ?? false)
                    ? "default \(grouped(i(c, "size")))\((c["fresh"] as? Bool ?? false) ? " (first run, seeds)" : "")"
                    : grouped(i(c, "size"))
                tb.add([name, t(d(c, "launch_s")), m(d(c, "key_p50_s")), m(d(c, "key_p99_s")), m(d(c, "key_max_s"))])
            }
            tb.print()
        }

        // The targets, at 1M (and the default catalogue), with the figure that decides each.
        print("")
        var tg = Table(["target (issue text)", "measured", "verdict"])
        if let c = cats.first(where: { i($0, "size") >= 1_000_000 }) {
            tg.add(["search p99 ≤ 10 ms in-process (1M, top 50)", m(d(c, "search_top50_p99_s"), 3), v(d(c, "search_top50_p99_s"), 0.010)])
            tg.add(["  same, every hit ranked (what the explorer asks)", m(d(c, "search_all_p99_s"), 3), v(d(c, "search_all_p99_s"), 0.010)])
            tg.add(["load ≤ 2 s (1M)", t(d(c, "load_s")), v(d(c, "load_s"), 2)])
            tg.add(["RSS ≤ 600 MB (1M, peak)", mb(i(c, "rss_peak_bytes")), v(d(c, "rss_peak_bytes"), 600_000_000)])
        }
        if let c = docs.first(where: { $0["kind"] as? String == "cli" }) {
            let ratio = d(c, "median_ratio")
            tg.add(["`assetmap search` faster than `fzf --filter` (\(grouped(i(c, "size"))), median over queries)",
                    ratio.map { String(format: "%.2f× fzf's time", $0) } ?? "-", ratio.map { $0 < 1 ? "PASS" : "MISS" } ?? "-"])
        }
        if let c = apps.first(where: { i($0, "size") >= 1_000_000 }) {
            tg.add(["keystroke → frame p99 ≤ 16 ms while typing (1M, in-process)", m(d(c, "key_p99_s")), v(d(c, "key_p99_s"), 0.016)])
            tg.add(["launch → first full frame ≤ 1 s (1M, in-process)", t(d(c, "launch_s")), v(d(c, "launch_s"), 1)])
        }
        if let c = apps.first(where: { ($0["default"] as? Bool ?? false) && !($0["fresh"] as? Bool ?? true) }) {
            tg.add(["launch → first full frame ≤ 100 ms (default, in-process)", t(d(c, "launch_s")), v(d(c, "launch_s"), 0.1)])
        }
        for c in docs.filter({ $0["kind"] as? String == "tui" }) {
            let label = c["label"] as? String ?? "?"
            let limit = d(c, "target_s") ?? 1
            let seeded = d(c, "assetmap_seeded_s")
            tg.add(["launch → first full frame, whole process in tmux (\(label)\(seeded != nil ? ", fresh home: seeds" : ""))",
                    t(d(c, "assetmap_s")), v(d(c, "assetmap_s"), limit)])
            if let seeded {
                tg.add(["launch → first full frame, whole process in tmux (\(label), seeded home)", t(seeded), v(seeded, limit)])
            }
            if c["vd_missing"] as? Bool ?? false {
                tg.add(["  VisiData on the same catalogue as CSV (\(label))", "not installed", "-"])
            } else {
                tg.add(["  VisiData, same CSV: first rows / fully loaded (\(label))",
                        "\(t(d(c, "vd_first_rows_s"))) / \(t(d(c, "vd_loaded_s")))", "peer"])
            }
            if let k = d(c, "key_p99_s") {
                tg.add(["keystroke → frame written p99, real binary in tmux (\(label))", m(k), v(k, 0.016)])
            }
        }
        for c in docs.filter({ $0["kind"] as? String == "map" }) {
            tg.add(["full map frame 200×60, \(grouped(Int(d(c, "dots") ?? 0))) dots, real boundaries: state → bytes p99 (in-process)",
                    m(d(c, "map_full_p99_s")), v(d(c, "map_full_p99_s"), 0.016)])
        }
        tg.print()
    }
}
