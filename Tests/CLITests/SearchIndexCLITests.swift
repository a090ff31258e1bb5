import Foundation
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
}
