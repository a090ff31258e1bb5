import AssetCatalogue
import Foundation
import TermUI
import Testing

/// `assetmap search` answers from the persisted index file (reading only the hits from SQLite);
/// its output must be exactly what loading the whole catalogue gives (`--no-index-file`), and a
/// change to the data must make it rebuild the file.
@Suite(.serialized) struct SearchIndexCLITests {
    static let trace = ["ASSETMAP_TRACE_INDEX": "1"]
    static let queries: [[String]] = [
        ["community"], ["walking", "older"], ["walk", "ward:shaw", "--json"], ["--limit", "0", "club"], ["--csv", "food"],
        ["-l", "3", "\"lunch club\""], ["--limit", "7", "--", "centre", "-church"], ["kind:place", "transfer:any"], ["day:tue"],
        ["libary"], ["zzzzqqq"], ["zebra", "--limit", "0"], ["--json", "zzzzqqq"],
        // Every hit: many (one pass over the seq range) and a few (batches), in every format.
        ["--limit", "0", "a"], ["--limit", "0", "--json", "a"], ["--limit", "0", "--csv", "a"],
        ["-l", "0", "community"], ["-l", "0", "--json", "community"], ["-l", "0", "--csv", "community"],
        ["-l", "0", "--json", "kind:activity"], ["-l", "0", "--csv", "zzzzqqq"],
    ]

    func expectSameOutput(_ cli: CLI, _ when: String) throws {
        for q in SearchIndexCLITests.queries {
            let fast = try cli.run(["search"] + q, env: SearchIndexCLITests.trace)
            #expect(fast.err.contains("search index: read from"), "\(when) \(q): \(fast.err)")
            let full = try cli.run(["search", "--no-index-file"] + q)
            #expect(fast.status == full.status, "\(when) \(q)")
            #expect(fast.out == full.out, "\(when) \(q): output differs")
            let fastErr = fast.err.split(separator: "\n").filter { !$0.hasPrefix("search index:") }.joined(separator: "\n")
            #expect(fastErr == full.err.split(separator: "\n").joined(separator: "\n"), "\(when) \(q)")
        }
    }

    @Test func indexFileGivesTheFullLoadsOutputAndFollowsImports() throws {
        let cli = CLI()
        let first = try cli.run(["search", "community"], env: SearchIndexCLITests.trace)
        #expect(first.status == 0, "\(first.err)")
        #expect(first.err.contains("search index: built (no index file)") && first.err.contains(", saved"), "\(first.err)")
        #expect(FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("catalogue.sqlite.search-index").path))
        try expectSameOutput(cli, "default catalogue")

        // An import changes names, text and a schedule: the file is stale, rebuilt once, then used again.
        let before = try cli.run("search", "zebra", "--json")
        #expect((try JSONSerialization.jsonObject(with: Data(before.out.utf8)) as? [Any])?.isEmpty == true, "\(before.out)")
        let file = cli.write("change.csv", """
            id,kind,name,description,categories,ward,cluster,days
            grp-zebra-1,group,Zebra Crossing Club,Road safety for zebra lovers,community.centre,Shaw,north,
            act-zebra-2,activity,Lunch Club for Zebras,A weekly zebra lunch club,food,Shaw,north,tue
            """)
        let imp = try cli.run("import", file)
        #expect(imp.status == 0, "\(imp.out)\(imp.err)")
        let after = try cli.run(["search", "zebra", "--json"], env: SearchIndexCLITests.trace)
        #expect(after.err.contains("search index: built (stale index file"), "\(after.err)")
        #expect(after.out.contains("grp-zebra-1") && after.out.contains("act-zebra-2"))
        try expectSameOutput(cli, "after an import")

        // Read-only opens use a current file but never write one.
        let ro = try cli.run(["search", "--read-only", "zebra"], env: SearchIndexCLITests.trace)
        #expect(ro.err.contains("search index: read from"), "\(ro.err)")
        try FileManager.default.removeItem(at: cli.home.appendingPathComponent("catalogue.sqlite.search-index"))
        let ro2 = try cli.run(["search", "--read-only", "zebra"], env: SearchIndexCLITests.trace)
        #expect(ro2.err.contains("search index: built (no index file)") && ro2.err.contains("not saved"), "\(ro2.err)")
        #expect(!FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("catalogue.sqlite.search-index").path))
        #expect(ro2.out == (try cli.run("search", "--no-index-file", "zebra").out))
    }

    /// Names and text that must be sanitised, escaped, measured or decoded the slow way:
    /// `search --limit 0` from the index file gives exactly what the full load gives, in every
    /// format; its JSON is what JSONEncoder writes, its CSV what the exporter writes, and its
    /// table what aligning the sanitised JSON fields gives.
    @Test func everyHitOfAwkwardDataInEveryFormat() throws {
        let cli = CLI()
        #expect(try cli.run("search", "community").status == 0)
        let esc = "\u{1B}"
        let file = cli.write("awkward.csv", """
            id,kind,name,description,categories,ward,cluster,days,times,frequency,cost
            grp-awk-1,group,Awkward \(esc)[31mRed\(esc)[0m Club,Plain first. Second.,community.centre,Shaw,north,,,,
            grp-awk-2,group,"Awkward\tTab\u{07}Bell",First. \u{E9}cole after the space.,;community.centre,Shaw,north,,,,
            grp-awk-3,group,Awkward Caf\u{E9} \u{65E5}\u{672C} \u{1F389} Club,Gr\u{FC}\u{DF}e first. Then more.,food,Royton North,north,,,,
            act-awk-4,activity,Awkward lunch,Not shown.,food,Shaw,north,tue;thu,10:00-12:00,weekly,\u{A3}3.50 or \u{A3}2 for concessions and caf\u{E9} \u{E9}l\u{E8}ves
            act-awk-5,activity,Awkward \u{9B}31m C1 and combining,Not shown.,food,Shaw,north,,,fortnightly,Fre\u{301}e
            grp-awk-6,group,Awkward \u{202E}reversed\u{202C} name,"Quote "" and back\\slash. Rest.",community.centre,Shaw,north,,,,
            act-awk-7,activity,Awkward no schedule,"A line
            break, and no full stop",food,Shaw,north,,,,Free
            act-awk-8,activity,Awkward days only,"#1 in Shaw, really",food,Shaw,north,sat,,,
            grp-awk-9,group,Awkward \u{7F}del and \u{200F}mark,Ends with a full stop.,community.centre,Shaw,north,,,,
            """)
        let imp = try cli.run("import", file)
        #expect(imp.status == 0, "\(imp.out)\(imp.err)")
        let fast = try cli.run(["search", "--limit", "0", "awkward"], env: SearchIndexCLITests.trace)
        #expect(fast.err.contains("search index: built"), "\(fast.err)")
        var queries: [[String]] = []
        for q in [["awkward"], ["awkward", "club"], ["lunch"], ["a"]] {
            for f in [[], ["--json"], ["--csv"]] { queries.append(["--limit", "0"] + f + q) }
        }
        for q in queries {
            let fast = try cli.run(["search"] + q, env: SearchIndexCLITests.trace)
            #expect(fast.err.contains("search index: read from"), "\(q): \(fast.err)")
            let full = try cli.run(["search", "--no-index-file"] + q)
            #expect(fast.status == full.status && fast.out == full.out, "\(q): output differs")
        }
        let json = try cli.run("search", "--limit", "0", "--json", "awkward")
        let rows = try JSONDecoder().decode([[String: String]].self, from: Data(json.out.utf8))
        #expect(rows.count == 9)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        #expect(json.out == String(decoding: try enc.encode(rows), as: UTF8.self) + "\n", "JSON as JSONEncoder writes it")
        #expect(json.out.contains("\\u001b[31m") && json.out.contains("\\\"") && json.out.contains("\\\\slash"))

        // The table: the JSON's fields, sanitised, aligned by display width (stdout is a pipe: no truncation).
        let table = try cli.run("search", "--limit", "0", "awkward")
        let titles = ["ID", "KIND", "NAME", "WARD", "CATEGORY", "SUMMARY"]
        let cells = [titles] + rows.map { r in ["id", "kind", "name", "ward", "category", "summary"].map { Sanitize.line(r[$0]!) } }
        let widths = titles.indices.map { i in cells.map { TextWidth.width(of: $0[i]) }.max()! }
        let want = cells.map { r in
            r.indices.map { i in i == r.count - 1 ? r[i] : r[i] + String(repeating: " ", count: widths[i] - TextWidth.width(of: r[i])) }
                .joined(separator: "  ") + "\n"
        }.joined()
        #expect(table.out == want)
        #expect(!table.out.contains(esc) && !table.out.contains("\u{07}") && !table.out.contains("\u{9B}")
                && !table.out.contains("\u{202E}") && table.out.contains("\u{241B}"), "sanitised")
        #expect(table.out.contains("Tue, Thu 10:00-12:00 (weekly) \u{B7} \u{A3}3.50 or") && table.out.contains("fortnightly \u{B7} Fre\u{301}e"))
        #expect(table.out.contains("Gr\u{FC}\u{DF}e first.") && table.out.contains("  First.\n") && table.out.contains("  Sat\n"))

        // On a terminal (a pty from script(1), 100 columns) the summaries are cut to fit, by their width.
        func onTerminal(_ args: [String], columns: Int) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            let command = ([CLI.binary.path, "search"] + args).map { "'\($0)'" }.joined(separator: " ")
            p.arguments = ["-qec", "stty cols \(columns) rows 40; exec \(command)", "/dev/null"]
            p.environment = ["ASSETMAP_HOME": cli.home.path, "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"]
            let out = Pipe()
            p.standardOutput = out
            p.standardInput = FileHandle.nullDevice
            try p.run()
            let o = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return String(decoding: o, as: UTF8.self)
        }
        let tty = try onTerminal(["--limit", "0", "awkward"], columns: 100)
        #expect(tty.contains("\u{2026}") && tty.contains("Awkward Caf\u{E9}"), "\(tty)")
        #expect(tty == (try onTerminal(["--no-index-file", "--limit", "0", "awkward"], columns: 100)))
        for line in tty.split(separator: "\r\n") { #expect(TextWidth.width(of: String(line)) <= 100, "\(line)") }
        // Exactly as wide as the table (the widest summary has `£`, `é` and `·`): nothing is cut.
        let widest = table.out.split(separator: "\n").map { TextWidth.width(of: String($0)) }.max()!
        #expect(table.out.contains("\u{A3}2 for concessions and caf\u{E9} \u{E9}l\u{E8}ves\n"))
        let fits = try onTerminal(["--limit", "0", "awkward"], columns: widest)
        #expect(fits.replacingOccurrences(of: "\r\n", with: "\n") == table.out)
        // One column less: only that summary is cut.
        let tight = try onTerminal(["--limit", "0", "awkward"], columns: widest - 1)
        #expect(tight == (try onTerminal(["--no-index-file", "--limit", "0", "awkward"], columns: widest - 1)))
        #expect(tight.split(separator: "\r\n").allSatisfy { TextWidth.width(of: String($0)) < widest })
        #expect(tight.split(separator: "\r\n").filter { $0.hasSuffix("\u{2026}") }.count == 1, "\(tight)")

        // The CSV: the exporter's, for the hits of the same search over the whole catalogue.
        let (_, cat) = try CatalogueStore.openCatalogue(path: cli.home.appendingPathComponent("catalogue.sqlite"), readOnly: true, officer: "t")
        let hits = SearchIndex(cat).search(try SearchQuery.parse("awkward", in: cat)).map { cat.assets[$0.index] }
        let csv = try cli.run("search", "--limit", "0", "--csv", "awkward")
        #expect(csv.out == Exporter.assetsCSV(hits, geography: cat.geography))
        #expect(csv.out.contains(esc), "into a pipe, CSV keeps the data as it is")

        // On a terminal, CSV and JSON too reach it with no control character or escape sequence raw.
        for format in ["--csv", "--json"] {
            for fast in [[], ["--no-index-file"]] {
                let shown = try onTerminal(fast + ["--limit", "0", format, "awkward"], columns: 100)
                #expect(!shown.contains(esc) && !shown.contains("\u{07}") && !shown.contains("\u{9B}") && !shown.contains("\u{202E}"),
                        "\(format) \(fast)")
                #expect(shown.contains("Awkward"), "\(format) \(fast): \(shown.prefix(200))")
            }
        }
        #expect(try onTerminal(["--limit", "0", "--csv", "awkward"], columns: 100).contains("\u{241B}"), "the escape shows as ␛")
    }
}
