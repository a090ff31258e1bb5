import AssetCatalogue
import Foundation
import TermUI

/// `compact`: the catalogue as the explorer loads a large store — the compact columns
/// (`CatalogueStore.loadListing`: list fields through the raw SQLite API, the search index from
/// its file) — in a fresh process: load time, resident memory, search p50/p99 on the index read
/// from the file, and the page of an asset read when shown. Needs a current index file (the
/// `persisted` mode writes it).
enum CompactBench {
    static func run(_ a: Args) throws {
        let path = try a.string("db")
        let rounds = try a.int("rounds", default: 30)
        let out = ResultFile(path: a.options["json"])
        out["kind"] = "compact"
        let rssStart = residentMemory()
        let ((geo, tax), tRef) = try timed { try referenceData() }
        let (store, tOpen) = try timed { try CatalogueStore(path: path, readOnly: true) }
        let (listing, tLoad) = try timed { try store.loadListing(geography: geo, taxonomy: tax) }
        guard let index = listing.index else {
            throw BenchError("no current index file beside \(path) (\(listing.reason)); run `assetmap-bench persisted --db \(path)` first")
        }
        let rssLoaded = residentMemory()
        let cat = listing.catalogue
        let n = cat.count
        heading("Compact catalogue (what the explorer loads): \(grouped(n)) assets — \(mb(fileSize(path))) SQLite file")
        let tLoadTotal = tOpen + tLoad
        var t = Table(["step", "time", "target at 1M", "verdict"])
        t.add(["reference data (geography, taxonomy CSV)", secs(tRef), "", ""])
        t.add(["open store (GRDB, read-only)", secs(tOpen), "", ""])
        t.add(["loadListing: list columns, histories, records, index file (one read transaction)", secs(tLoad), "", ""])
        for (step, s) in listing.timings { t.add(["  · \(step)", secs(s), "", ""]) }
        t.add(["LOAD (open + loadListing)", secs(tLoadTotal), "≤ 2 s", verdict(tLoadTotal, atMost: 2)])
        t.print()

        let queries = Synthetic.benchmarkQueries
        for _ in 0..<3 { for q in queries { blackHole(try index.search(q, limit: 50)) } }
        var samples: [Double] = []
        for _ in 0..<rounds {
            for q in queries {
                let t0 = now()
                let r = index.results(try SearchQuery.parse(q, geography: geo, taxonomy: tax), limit: 50)
                samples.append(now() - t0)
                blackHole(r)
            }
        }
        let s = Stats(samples)
        // Pages read when shown: 200 assets spread over the catalogue, one at a time.
        var pageTimes: [Double] = []
        for k in 0..<200 {
            let id = cat.id(at: (k * 7919 * 127) % n)
            let (page, dt) = try timed { try store.assets(ids: [id]) }
            guard page.count == 1 else { throw BenchError("the page of \(id) was not read") }
            pageTimes.append(dt)
        }
        let p = Stats(pageTimes)
        let rssEnd = residentMemory()
        print("")
        var m = Table(["figure", "value", "target at 1M", "verdict"])
        m.add(["search top 50, index read from the file: p50 / p99 (\(grouped(s.count)) samples)",
               "\(ms(s.p50, digits: 3)) / \(ms(s.p99, digits: 3))", "p99 ≤ 10 ms", verdict(s.p99, atMost: 0.010)])
        m.add(["an asset's page read when shown (assets(ids:)): p50 / p99", "\(ms(p.p50, digits: 3)) / \(ms(p.p99, digits: 3))", "", ""])
        m.add(["resident at start", mb(rssStart.current), "", ""])
        m.add(["resident after load (VmRSS)", mb(rssLoaded.current), "", ""])
        m.add(["  · compact columns, id map, inbound links (Catalogue.indexMemoryBytes)", mb(cat.indexMemoryBytes), "", ""])
        m.add(["  · index file, mapped (SearchIndex.memoryBytes)", mb(index.memoryBytes), "", ""])
        m.add(["PEAK over load, searches and pages (VmHWM)", mb(rssEnd.peak), "≤ 600 MB", verdict(Double(rssEnd.peak), atMost: 600_000_000)])
        m.print()
        out["size"] = n
        out["load_s"] = tLoadTotal
        out["search_top50_p50_s"] = s.p50
        out["search_top50_p99_s"] = s.p99
        out["page_p99_s"] = p.p99
        out["rss_loaded_bytes"] = rssLoaded.current
        out["rss_peak_bytes"] = rssEnd.peak
        out["columns_bytes"] = cat.indexMemoryBytes
    }
}
