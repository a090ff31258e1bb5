import AssetCatalogue
import Foundation
import TermUI

/// `persisted`: the search index file beside the database (`assetmap search`'s path).
///
/// Run it twice in fresh processes. When the file is missing or stale, it loads the catalogue,
/// builds the index, saves it (timed), reads it back and checks that the read index answers
/// every benchmark query exactly as the fresh build (hits, order, scores, totals). When the file
/// is current, it measures what a fresh `assetmap search` process does: read the file, then
/// search and fetch only the hits from SQLite, with the resident memory of that process.
enum PersistedBench {
    static func run(_ a: Args) throws {
        let path = try a.string("db")
        let rounds = try a.int("rounds", default: 20)
        let out = ResultFile(path: a.options["json"])
        out["kind"] = "persisted"
        let (geo, tax) = try referenceData()
        let store = try CatalogueStore(path: path)
        let queries = try Synthetic.benchmarkQueries.map { try SearchQuery.parse($0, geography: geo, taxonomy: tax) }
        let (found, tRead) = try timed { try store.persistedIndex(geography: geo, taxonomy: tax) }

        guard let index = found.index else {
            heading("Search index file: build and save (\(found.reason))")
            let ((cat, stamp, rows), tLoad) = try timed { try store.loadSnapshot(geography: geo, taxonomy: tax) }
            let (fresh, tBuild) = timed { SearchIndex(cat) }
            let (_, tSave) = try timed { try store.saveIndex(fresh, stamp: stamp, rows: rows) }
            let (back, tBack) = try timed { try store.persistedIndex(geography: geo, taxonomy: tax) }
            guard let read = back.index else { throw BenchError("the index file just saved was not read back: \(back.reason)") }
            var same = 0
            for q in queries {
                for limit in [50, nil] as [Int?] {
                    let x = fresh.results(q, limit: limit), y = read.results(q, limit: limit)
                    if x.total == y.total && x.hits == y.hits { same += 1 }
                }
            }
            let all = queries.count * 2
            var t = Table(["step", "time / size", "check"])
            t.add(["load catalogue + stamp + rows (one read transaction)", secs(tLoad), ""])
            t.add(["build the index", secs(tBuild), ""])
            t.add(["write the index file (temp + rename)", secs(tSave), mb(fileSize(store.searchIndexPath))])
            t.add(["read it back", secs(tBack), ""])
            t.add(["read index answers as the fresh build (\(queries.count) queries, top 50 and all)", "\(same)/\(all)",
                   same == all ? "PASS" : "MISS"])
            t.print()
            out["size"] = cat.count
            out["save_s"] = tSave
            out["file_bytes"] = fileSize(store.searchIndexPath)
            out["roundtrip_same"] = same
            out["roundtrip_all"] = all
            out.write()
            if same != all { throw BenchError("the persisted index answers differently from a fresh build") }
            return
        }

        let rssRead = residentMemory()
        heading("Search index file: a fresh process reads it (\(grouped(index.count)) assets, \(mb(fileSize(store.searchIndexPath))))")
        // What one `assetmap search` process does after opening the store: read the file, run
        // the query, fetch only the hits from SQLite. Each call reads the file again.
        var t = Table(["step", "figure", "target at 1M", "verdict"])
        t.add(["map the index file (stamp check, checksum over every byte)", secs(tRead), "", ""])
        t.add(["  · VmRSS after reading it (no catalogue loaded)", mb(rssRead.current), "", ""])
        var calls: [Double] = []
        for text in ["lunch club", "libary", "community centre"] {
            let q = try SearchQuery.parse(text, geography: geo, taxonomy: tax)
            for limit in [50, nil] as [Int?] {
                let (r, dt) = try timed { try store.search(q, limit: limit, geography: geo, taxonomy: tax, links: false) }
                guard r.source == .file else { throw BenchError("store.search did not use the index file: \(r.source)") }
                calls.append(dt)
                t.add(["store.search \"\(text)\" \(limit.map { "top \($0)" } ?? "every hit") (\(grouped(r.assets.count)) rows fetched)",
                       secs(dt), "", ""])
            }
        }
        let rssEnd = residentMemory()
        // Not a verdict: this process read the file six times and holds every hit of the last query.
        t.add(["peak (VmHWM) of this process, after the six searches above", mb(rssEnd.peak), "", ""])
        t.print()
        // In-process search latency on the read index (the same figure as `catalogue`, on the file's arrays).
        var samples: [Double] = []
        for _ in 0..<3 { for q in queries { blackHole(index.results(q, limit: 50)) } }
        for _ in 0..<rounds {
            for q in queries {
                let t0 = now()
                blackHole(index.results(q, limit: 50))
                samples.append(now() - t0)
            }
        }
        let s = Stats(samples)
        print("  search on the read index, top 50, \(rounds) rounds of \(queries.count) queries: p50 \(ms(s.p50, digits: 3)), "
              + "p99 \(ms(s.p99, digits: 3)) (target p99 ≤ 10 ms: \(verdict(s.p99, atMost: 0.010)))")
        out["size"] = index.count
        out["read_s"] = tRead
        out["rss_read_bytes"] = rssRead.current
        out["rss_peak_bytes"] = rssEnd.peak
        out["search_top50_p50_s"] = s.p50
        out["search_top50_p99_s"] = s.p99
        out.write()
    }
}
