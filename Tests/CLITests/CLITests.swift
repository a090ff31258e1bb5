import AssetCatalogue
import Foundation
import TermUI
import Testing

/// Runs the built `assetmap` binary (built by `swift build --build-tests`) on a private home.
struct CLI {
    static let binary: URL = {
        if let p = ProcessInfo.processInfo.environment["ASSETMAP_BIN"] { return URL(fileURLWithPath: p) }
        // The test runner sits in the same build folder as the executable.
        let dir = Bundle.main.executableURL!.deletingLastPathComponent()
        for c in [dir, dir.deletingLastPathComponent()] {
            let u = c.appendingPathComponent("assetmap")
            if FileManager.default.isExecutableFile(atPath: u.path) { return u }
        }
        return dir.appendingPathComponent("assetmap")
    }()

    let home: URL

    init() {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-cli-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    }

    struct Result {
        var status: Int32
        var out: String
        var err: String
    }

    @discardableResult
    func run(_ args: String..., env extra: [String: String] = [:]) throws -> Result {
        try run(args, env: extra)
    }

    func run(_ args: [String], env extra: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["ASSETMAP_HOME"] = home.path
        env["LANG"] = "C.UTF-8"
        env.removeValue(forKey: "COLUMNS")
        for (k, v) in extra { env[k] = v }
        p.environment = env
        return try CLI.finish(p)
    }

    /// Runs a configured process with no input and returns its status, output and errors.
    static func finish(_ p: Process) throws -> Result {
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self))
    }

    func write(_ name: String, _ text: String) -> String {
        let u = home.appendingPathComponent(name)
        try! text.write(to: u, atomically: true, encoding: .utf8)
        return u.path
    }
}

@Suite(.serialized) struct CLITests {
    @Test func helpEverywhere() throws {
        let cli = CLI()
        let r = try cli.run("--help")
        #expect(r.status == 0)
        for sub in ["search", "list", "show", "wards", "clusters", "districts", "categories", "import", "export"] {
            #expect(r.out.contains(sub), "--help should list \(sub)")
            let s = try cli.run(sub, "--help")
            #expect(s.status == 0 && s.out.contains("USAGE"), "\(sub) --help")
        }
        let comp = try cli.run("--generate-completion-script", "bash")
        #expect(comp.status == 0 && comp.out.contains("complete"))
    }

    @Test func firstRunSeedsTheDatabaseUnderAssetmapHome() throws {
        let cli = CLI()
        let r = try cli.run("wards", "--csv")
        #expect(r.status == 0, "\(r.err)")
        #expect(FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("catalogue.sqlite").path))
        let lines = r.out.split(separator: "\n")
        #expect(lines.count == 21)
        #expect(lines[0] == "key,name,district,clusters,population,per_1000,groups,activities,places,anchors,total")
        #expect(r.out.contains("E05014661,Shaw,\"Royton, Shaw & Crompton\",North,10202,"))
    }

    @Test func searchFindsAndFilters() throws {
        let cli = CLI()
        let r = try cli.run("search", "walk", "ward:shaw", "--json")
        #expect(r.status == 0, "\(r.err)")
        let rows = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [[String: Any]]
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { $0["ward"] as? String == "Shaw" })
        let none = try cli.run("search", "zzzzqqq")
        #expect(none.status == 1 && none.err.contains("no assets match"))
        let bad = try cli.run("search", "ward:shw")
        #expect(bad.status != 0 && bad.err.contains("did you mean") && bad.err.contains("Shaw"))
    }

    @Test func listFiltersCombine() throws {
        let cli = CLI()
        let r = try cli.run("list", "--ward", "st marys", "--kind", "activity", "--json")
        #expect(r.status == 0, "\(r.err)")
        let rows = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [[String: Any]]
        #expect(!rows.isEmpty && rows.allSatisfy { $0["ward"] as? String == "St Mary's" && $0["kind"] as? String == "activity" })
        let e = try cli.run("list", "--ward", "Narnia")
        #expect(e.status != 0 && e.err.contains("unknown ward \"Narnia\""))
    }

    @Test func showPrintsFieldsAndLinksBothWays() throws {
        let cli = CLI()
        let list = try cli.run("list", "--kind", "activity", "--csv")
        let firstID = String(list.out.split(separator: "\n")[1].split(separator: ",")[0])
        let r = try cli.run("show", firstID)
        #expect(r.status == 0, "\(r.err)")
        #expect(r.out.contains("Run by") && r.out.contains("Held at"))
        let j = try cli.run("show", firstID, "--json")
        let obj = try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as! [String: Any]
        let links = obj["links"] as! [[String: Any]]
        let place = links.first { $0["relation"] as? String == "Held at" }!["id"] as! String
        let back = try cli.run("show", place)
        #expect(back.out.contains("Activities here") && back.out.contains(firstID))
        let missing = try cli.run("show", "no-such-thing")
        #expect(missing.status != 0 && missing.err.contains("no asset has id"))
    }

    @Test func tablesAlignWideCharactersAndNeutraliseEscapes() throws {
        let cli = CLI()
        let file = cli.write("new.csv", """
            id,kind,name,description,categories,ward,cluster
            grp-cjk,group,中文社区小组,Chinese community group,community.culture,St Mary's,central
            grp-bn,group,বাংলা সমিতি,Bengali association,community.culture,Coldhurst,central
            grp-esc,group,"Evil \u{1B}[2J\u{1B}]52;c;aGk=\u{07}name",Tries to clear the screen,community.culture,Shaw,north
            """)
        let imp = try cli.run("import", file)
        #expect(imp.status == 0, "\(imp.err)")
        let r = try cli.run("list", "--category", "community.culture")
        #expect(!r.out.contains("\u{1B}"), "raw escape reached the output")
        #expect(!r.out.contains("\u{07}"))
        // Every row's WARD column starts at the same display column.
        let lines = r.out.split(separator: "\n").map(String.init)
        let header = lines[0]
        let wardCol = displayColumn(of: "WARD", in: header)
        let ours = ["grp-cjk": "St Mary's", "grp-bn": "Coldhurst", "grp-esc": "Shaw"]
        var seen = 0
        for l in lines.dropFirst() {
            guard let (_, ward) = ours.first(where: { l.hasPrefix($0.key + " ") }) else { continue }
            seen += 1
            #expect(displayColumn(of: ward, in: l) == wardCol, "misaligned: \(l)")
        }
        #expect(seen == 3, "\(r.out)")
    }

    func displayColumn(of needle: String, in line: String) -> Int {
        guard let r = line.range(of: needle) else { return -1 }
        // TermUI's widths are checked against glibc's wcwidth in TermUITests.
        return TextWidth.width(of: String(line[..<r.lowerBound]))
    }

    @Test func importIsAllOrNothingWithLocatedErrors() throws {
        let cli = CLI()
        let before = try cli.run("list", "--csv").out
        let file = cli.write("bad.csv", """
            id,kind,name,categories,ward,cluster,days
            act-ok,activity,Fine,food,Shaw,north,mon
            act-bad,activity,Broken,food,Shaw,north,Tusday
            """)
        let r = try cli.run("import", file)
        #expect(r.status != 0)
        #expect(r.err.contains("bad.csv:3: days: \"Tusday\" is not a weekday"))
        #expect(r.err.contains("nothing was imported"))
        #expect(try cli.run("list", "--csv").out == before, "a failed import changed the catalogue")
        let good = cli.write("good.csv", "id,kind,name,categories,ward,cluster\ngrp-new-1,group,New Group,food,Shaw,north\n")
        let dry = try cli.run("import", "--dry-run", good)
        #expect(dry.status == 0 && dry.out.contains("dry run") && dry.out.contains("1 new asset"))
        #expect(try cli.run("list", "--csv").out == before)
        let real = try cli.run("import", good, "--officer", "test-officer")
        #expect(real.status == 0 && real.out.contains("1 new asset"))
        #expect(try cli.run("show", "grp-new-1").status == 0)
    }

    @Test func exportRoundTripsAndReadOnlyRefusesImport() throws {
        let cli = CLI()
        let json = cli.home.appendingPathComponent("export.json").path
        #expect(try cli.run("export", "--json", "-o", json).status == 0)
        let other = CLI()
        let imp = try other.run("--help")
        #expect(imp.status == 0)
        let db2 = other.home.appendingPathComponent("fresh.sqlite").path
        // A fresh catalogue seeded from the default, then re-import the export: all updates, nothing new.
        let r = try other.run("import", "--db", db2, json)
        #expect(r.status == 0 && r.out.contains("0 new assets"), "\(r.out)\(r.err)")
        let a = try cli.run("export", "--csv").out
        let b = try other.run("export", "--csv", "--db", db2).out
        #expect(a == b)
        let ro = try cli.run("import", "--read-only", json)
        #expect(ro.status != 0 && ro.err.contains("read-only"))
    }

    @Test func reimportingAPlaceAsAGroupIsRefusedWhileStoredActivitiesAreHeldAtIt() throws {
        let cli = CLI()
        let first = cli.write("first.csv", """
            id,kind,name,categories,ward,cluster,held_at
            pl-test-hall,place,Test Hall,community.centre,Shaw,north,
            act-test-walk,activity,Test Walk,sport.walking,Shaw,north,pl-test-hall
            """)
        let ok = try cli.run("import", first)
        #expect(ok.status == 0, "\(ok.err)")
        let before = try cli.run("list", "--csv").out
        let again = cli.write("again.csv", "id,kind,name,categories,ward,cluster\npl-test-hall,group,Test Hall,community.centre,Shaw,north\n")
        let r = try cli.run("import", again)
        #expect(r.status != 0)
        #expect(r.err.contains("again.csv:2: kind: \"pl-test-hall\" cannot become a group: the stored \"act-test-walk\" has it as held at"), "\(r.err)")
        #expect(try cli.run("list", "--csv").out == before)
    }

    @Test func importCountsTrimmedValuesInItsReport() throws {
        let cli = CLI()
        let file = cli.write("groups.csv", "id,kind,name,categories,ward,cluster\ngrp-trim-1,group,Trim One,food,Shaw,north\ngrp-trim-2,group,  Trim Two ,food, Shaw,north\n")
        let r = try cli.run("import", "--dry-run", file)
        #expect(r.status == 0 && r.out.contains("2 values had spaces trimmed (first: \(file):3: name)"), "\(r.out)\(r.err)")
    }

    @Test func jsonImportRefusesAForeignFormatOrANewerVersion() throws {
        let cli = CLI()
        let before = try cli.run("list", "--csv").out
        let foreign = cli.write("foreign.json", #"{"format":"geojson","version":1,"name":"x","assets":[],"transfers":[],"acv":[]}"#)
        let f = try cli.run("import", foreign)
        #expect(f.status != 0 && f.err.contains("foreign.json: format: \"geojson\" is not an assetmap catalogue"), "\(f.err)")
        let newer = cli.write("newer.json", #"{"format":"assetmap-catalogue","version":999,"name":"x","assets":[],"transfers":[],"acv":[]}"#)
        let n = try cli.run("import", newer)
        #expect(n.status != 0 && n.err.contains("newer.json: version: version 999 is newer than this assetmap reads (up to 1)"), "\(n.err)")
        #expect(try cli.run("list", "--csv").out == before)
    }

    /// Keys of an assetmap JSON document that this version does not read are reported, not
    /// dropped without a word; an export read back reports none.
    @Test func jsonImportReportsKeysItDoesNotRead() throws {
        let cli = CLI()
        let export = try cli.run("export", "--json").out
        let plain = cli.write("plain.json", export)
        let clean = try cli.run("import", plain, "--dry-run")
        #expect(clean.status == 0 && !clean.out.contains("not read"), "\(clean.out) \(clean.err)")
        var doc = try #require(try JSONSerialization.jsonObject(with: Data(export.utf8)) as? [String: Any])
        doc["colour"] = "blue"
        var assets = try #require(doc["assets"] as? [[String: Any]])
        assets[0]["mood"] = "sunny"
        doc["assets"] = assets
        let extra = cli.write("extra.json", String(decoding: try JSONSerialization.data(withJSONObject: doc), as: UTF8.self))
        let r = try cli.run("import", extra, "--dry-run")
        #expect(r.status == 0 && r.out.contains("2 keys not read by this assetmap (first: ") && r.out.contains("extra.json: colour)"),
                "\(r.out) \(r.err)")
    }
}
