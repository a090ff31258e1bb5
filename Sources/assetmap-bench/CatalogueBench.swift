import AssetCatalogue
import Foundation
import TermUI

func referenceData() throws -> (Geography, Taxonomy) {
    guard let folder = DefaultCatalogue.assetsFolder() else {
        throw BenchError("cannot find the assetmap data folder (Assets/); set ASSETMAP_ASSETS to its path")
    }
    return try DefaultCatalogue.reference(from: folder)
}

func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}

/// `generate`: a synthetic catalogue written into a fresh store (informative, not a target).
enum Generate {
    static func run(_ a: Args) throws {
        let n = try a.int("count")
        let seed = UInt64(try a.int("seed", default: 1))
        let path = try a.string("db")
        let fm = FileManager.default
        let (geo, tax) = try referenceData()
        let (cat, tGen) = timed {
            Synthetic.catalogue(count: n, seed: seed, geography: geo, taxonomy: tax, name: "Synthetic \(grouped(n)) (seed \(seed))")
        }
        // Written under another name and moved into place when complete, so an interrupted run
        // never leaves a half-written catalogue that a later run would take for a cached one.
        let partial = path + ".partial"
        for suffix in ["", "-wal", "-shm"] { try? fm.removeItem(atPath: partial + suffix) }
        var tApply = 0.0
        do {
            let store = try CatalogueStore(path: partial)
            var batch = ImportBatch()
            batch.assets = cat.wholeAssets
            batch.transfers = cat.allTransferEvents
            batch.acv = cat.allACVEvents
            (_, tApply) = try timed {
                try store.apply(batch, by: "assetmap-bench", action: "generate",
                                detail: "synthetic catalogue, \(n) assets, seed \(seed)", name: cat.name,
                                meta: ["synthetic": Generate.stamp(count: n, seed: seed, geography: geo, taxonomy: tax)])
            }
        }  // the store closes here (SQLite checkpoints the WAL into the main file)
        for suffix in ["", "-wal", "-shm"] {
            try? fm.removeItem(atPath: path + suffix)
            if fm.fileExists(atPath: partial + suffix) { try fm.moveItem(atPath: partial + suffix, toPath: path + suffix) }
        }
        var t = Table(["generate \(grouped(n)) assets (seed \(seed))", "time"])
        t.add(["make the catalogue in memory (Synthetic.catalogue)", secs(tGen)])
        t.add(["write it to SQLite (CatalogueStore.apply, one transaction)", secs(tApply)])
        t.add(["database file", mb(fileSize(path))])
        t.print()
    }
}

extension Generate {
    /// What a cached catalogue must say it is: size, seed and a fingerprint of what the generator
    /// makes now (its first 2,000 assets), so a changed generator or schema regenerates the cache.
    static func stamp(count: Int, seed: UInt64, geography: Geography, taxonomy: Taxonomy) -> String {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for a in Synthetic.catalogue(count: 2000, seed: seed, geography: geography, taxonomy: taxonomy).assets {
            for field in [a.id, a.kind.rawValue, a.name, a.description, a.ward, a.cluster, a.categories.joined(separator: ";"),
                          a.links.map(\.target).joined(separator: ";")] {
                for b in field.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
                h = (h ^ 0xff) &* 0x100_0000_01b3
            }
        }
        return "count=\(count) seed=\(seed) generator=\(String(h, radix: 16))"
    }
}

/// `check`: exit 0 if the catalogue at --db opens read-only with the current schema and was made
/// by the current generator with this --count and --seed; 1 (with the reason) otherwise.
enum Check {
    static func run(_ a: Args) throws {
        let n = try a.int("count")
        let seed = UInt64(try a.int("seed", default: 1))
        let (geo, tax) = try referenceData()
        let store = try CatalogueStore(path: try a.string("db"), readOnly: true)
        let want = Generate.stamp(count: n, seed: seed, geography: geo, taxonomy: tax)
        let have = try store.meta("synthetic") ?? "none"
        guard have == want else { throw BenchError("cached catalogue is \(have), want \(want)") }
    }
}

/// `names`: every asset name, one per line.
enum Names {
    static func run(_ a: Args) throws {
        let (geo, tax) = try referenceData()
        let store = try CatalogueStore(path: try a.string("db"), readOnly: true)
        let cat = try store.load(geography: geo, taxonomy: tax)
        var out = ""
        out.reserveCapacity(cat.count * 32)
        for asset in cat.assets {
            out += asset.name.replacingOccurrences(of: "\n", with: " ")
            out += "\n"
        }
        try out.write(toFile: try a.string("out"), atomically: true, encoding: .utf8)
    }
}

/// `catalogue`: load, index build, search latency and memory, in one fresh process.
enum CatalogueBench {
    static func run(_ a: Args) throws {
        let path = try a.string("db")
        let rounds = try a.int("rounds", default: 50)
        let allRounds = try a.int("all-rounds", default: 20)
        let out = ResultFile(path: a.options["json"])
        let rssStart = residentMemory()

        let ((geo, tax), tRef) = try timed { try referenceData() }
        let (store, tOpen) = try timed { try CatalogueStore(path: path, readOnly: true) }
        let (cat, tLoad) = try timed { try store.load(geography: geo, taxonomy: tax) }
        let rssLoaded = residentMemory()
        let (index, tIndex) = timed { SearchIndex(cat) }
        let rssIndexed = residentMemory()
        let n = cat.count
        let big = n >= 1_000_000

        heading("Catalogue: \(grouped(n)) assets — \(cat.name) — \(mb(fileSize(path))) SQLite file")
        let tLoadTotal = tOpen + tLoad
        var t = Table(["step", "time", "target at 1M", "verdict"])
        t.add(["reference data (geography, taxonomy CSV)", secs(tRef), "", ""])
        t.add(["open store (GRDB, read-only)", secs(tOpen), "", ""])
        t.add(["load: read every row into a Catalogue", secs(tLoad), "", ""])
        t.add(["LOAD (open + load)", secs(tLoadTotal), "≤ 2 s", verdict(tLoadTotal, atMost: 2)])
        t.add(["INDEX BUILD (SearchIndex)", secs(tIndex), "", ""])
        for (step, s) in index.buildTimings { t.add(["  · \(step)", secs(s), "", ""]) }
        t.print()
        out["kind"] = "catalogue"
        out["size"] = n
        out["load_s"] = tLoadTotal
        out["index_s"] = tIndex
        out["db_bytes"] = fileSize(path)

        // Search: every benchmark query, round-robin so no query runs twice in a row.
        let queries = Synthetic.benchmarkQueries
        var parsed: [SearchQuery] = []
        for q in queries { parsed.append(try SearchQuery.parse(q, geography: geo, taxonomy: tax)) }
        var totals: [Int] = []
        for q in parsed { totals.append(index.results(q, limit: 50).total) }
        out["totals"] = Dictionary(uniqueKeysWithValues: zip(queries, totals))
        func measure(limit: Int?, rounds: Int) throws -> [[Double]] {
            for _ in 0..<3 { for q in queries { blackHole(try index.search(q, limit: limit)) } }  // warm-up
            var samples = [[Double]](repeating: [], count: queries.count)
            for _ in 0..<rounds {
                for (i, q) in queries.enumerated() {
                    let t0 = now()
                    let query = try SearchQuery.parse(q, geography: geo, taxonomy: tax)
                    let r = index.results(query, limit: limit)
                    samples[i].append(now() - t0)
                    blackHole(r)
                }
            }
            return samples
        }
        let top = try measure(limit: 50, rounds: rounds)
        let all = try measure(limit: nil, rounds: allRounds)
        let topAll = Stats(top.flatMap { $0 }), allAll = Stats(all.flatMap { $0 })

        print("")
        print("  search = parse + SearchIndex.results, in-process; \"top 50\" is what `assetmap search` asks for by default,")
        print("  \"all\" ranks every hit (what the explorer's result list needs). \(rounds) resp. \(allRounds) rounds over the")
        print("  \(queries.count) queries of Synthetic.benchmarkQueries after 3 warm-up rounds.")
        var q = Table(["query", "hits", "top50 p50", "top50 p99", "all p50", "all p99"])
        for (i, text) in queries.enumerated() {
            let s = Stats(top[i]), s2 = Stats(all[i])
            q.add([text, grouped(totals[i]), ms(s.p50, digits: 3), ms(s.p99, digits: 3), ms(s2.p50, digits: 3), ms(s2.p99, digits: 3)])
        }
        q.print()
        print("")
        var s = Table(["search (all queries)", "samples", "p50", "p99", "max", "target at 1M", "verdict"])
        s.add(["top 50 (CLI default)", grouped(topAll.count), ms(topAll.p50, digits: 3), ms(topAll.p99, digits: 3), ms(topAll.max, digits: 3),
               "p99 ≤ 10 ms", verdict(topAll.p99, atMost: 0.010)])
        s.add(["all hits ranked", grouped(allAll.count), ms(allAll.p50, digits: 3), ms(allAll.p99, digits: 3), ms(allAll.max, digits: 3),
               "p99 ≤ 10 ms", verdict(allAll.p99, atMost: 0.010)])
        s.print()
        // The slowest queries, by p99 of the top-50 search: where the tail comes from.
        let worst = queries.indices.sorted { Stats(top[$0]).p99 > Stats(top[$1]).p99 }.prefix(5)
        print("  slowest (top 50, by p99): " + worst.map { "\(queries[$0]) \(ms(Stats(top[$0]).p99, digits: 2))" }.joined(separator: " · "))
        out["search_top50_p50_s"] = topAll.p50
        out["search_top50_p99_s"] = topAll.p99
        out["search_all_p50_s"] = allAll.p50
        out["search_all_p99_s"] = allAll.p99

        // Memory: resident set after load and after the index; the peak over the whole run.
        let rssEnd = residentMemory()
        print("")
        var m = Table(["resident memory (/proc/self/status)", "MB", "target at 1M", "verdict"])
        m.add(["at start (runtime, reference data not yet read)", mb(rssStart.current), "", ""])
        m.add(["after load (VmRSS)", mb(rssLoaded.current), "", ""])
        m.add(["  · Asset values alone (\(grouped(n)) × \(MemoryLayout<Asset>.stride) B inline, before their strings and arrays)",
               mb(n * MemoryLayout<Asset>.stride), "", ""])
        m.add(["after load + index (VmRSS)", mb(rssIndexed.current), "", ""])
        m.add(["  · index arrays (SearchIndex.memoryBytes)", mb(index.memoryBytes), "", ""])
        m.add(["PEAK over load, index and searches (VmHWM)", mb(rssEnd.peak), "≤ 600 MB", verdict(Double(rssEnd.peak), atMost: 600_000_000)])
        m.print()
        out["rss_loaded_bytes"] = rssLoaded.current
        out["rss_indexed_bytes"] = rssIndexed.current
        out["rss_peak_bytes"] = rssEnd.peak
        out["index_bytes"] = index.memoryBytes

        // Where load time goes: the part of it that is building the in-memory Catalogue (id map,
        // inbound links, histories) rather than reading SQLite rows into Asset values.
        let transfers = cat.allTransferEvents, acv = cat.allACVEvents
        let (rebuilt, tInit) = timed {
            Catalogue(name: cat.name, geography: geo, taxonomy: tax, assets: cat.wholeAssets, transfers: transfers, acv: acv)
        }
        blackHole(rebuilt)
        print("")
        print("  load breakdown: of the \(secs(tLoad)) load, Catalogue.init (id map, inbound links, histories) takes \(secs(tInit))"
              + " (timed again after the run); the rest (\(secs(max(0, tLoad - tInit)))) is SQLite + GRDB row decoding + building Asset values.")
        out["catalogue_init_s"] = tInit
        if big && tLoadTotal > 2 {
            print("  load misses its target at 1M by \(secs(tLoadTotal - 2)).")
        }
        out.write()
    }
}
