import Foundation
import Testing

/// Files and streams the commands write, and the `--db` forms (issue 10).
@Suite(.serialized) struct FilesCLITests {
    /// Runs `script` in `sh` inside the home, with `$AM` the binary; returns status, out and err.
    func sh(_ cli: CLI, _ script: String) throws -> CLI.Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        var env = ProcessInfo.processInfo.environment
        env["ASSETMAP_HOME"] = cli.home.path
        env["AM"] = CLI.binary.path
        env["LANG"] = "C.UTF-8"
        p.environment = env
        p.currentDirectoryURL = cli.home
        return try CLI.finish(p)
    }

    func kind(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
    }

    @Test func exportThroughASymlinkWritesItsTargetAndKeepsTheLink() throws {
        let cli = CLI()
        let target = cli.home.appendingPathComponent("real.csv").path
        let link = cli.home.appendingPathComponent("link.csv").path
        try "old".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: "real.csv")
        let r = try cli.run("export", "--csv", "-o", link)
        #expect(r.status == 0, "\(r.err)")
        #expect(kind(link) == S_IFLNK)
        #expect(try String(contentsOfFile: target, encoding: .utf8).hasPrefix("id,"))
        // A link to nothing yet: the file it names is created, the link stays.
        let dangling = cli.home.appendingPathComponent("later.json").path
        try FileManager.default.createSymbolicLink(atPath: dangling, withDestinationPath: "made.json")
        let d = try cli.run("export", "-o", dangling)
        #expect(d.status == 0, "\(d.err)")
        #expect(kind(dangling) == S_IFLNK && kind(cli.home.appendingPathComponent("made.json").path) == S_IFREG)
    }

    @Test func exportIntoAFIFOWritesIntoItAndKeepsIt() throws {
        let cli = CLI()
        let fifo = cli.home.appendingPathComponent("pipe").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let r = try sh(cli, "cat pipe > got & \"$AM\" export --csv -o pipe; s=$?; wait; exit $s")
        #expect(r.status == 0, "\(r.err)")
        #expect(kind(fifo) == S_IFIFO)
        #expect(try String(contentsOfFile: cli.home.appendingPathComponent("got").path, encoding: .utf8).hasPrefix("id,"))
    }

    @Test func exportToAFullDeviceFailsAndKeepsTheDevice() throws {
        let cli = CLI()
        // A device node of our own (major 1, minor 7: the same as /dev/full) in the temp folder; needs root.
        let dev = cli.home.appendingPathComponent("full").path
        guard mknod(dev, S_IFCHR | 0o666, dev_t((1 << 8) | 7)) == 0 else {
            print("skipped: cannot make a device node here (not root, or a nodev mount)")
            return
        }
        let r = try cli.run("export", "--csv", "-o", dev)
        #expect(r.status != 0)
        #expect(r.err.contains("cannot write \(dev): the disk is full"), "\(r.err)")
        #expect(kind(dev) == S_IFCHR)
    }

    @Test func exportRefusesAFolderNamingIt() throws {
        let cli = CLI()
        let r = try cli.run("export", "-o", cli.home.path)
        #expect(r.status != 0 && r.err.contains("cannot write \(cli.home.path): it is a folder"), "\(r.err)")
    }

    @Test func standardOutputWriteErrorsFail() throws {
        let cli = CLI()
        _ = try cli.run("wards")  // seed first, so only the export writes below
        let full = try sh(cli, "\"$AM\" export --json > /dev/full")
        #expect(full.status == 1 && full.err.contains("cannot write to standard output: the disk is full"), "\(full.err)")
        let limited = try sh(cli, "ulimit -f 100; \"$AM\" export --json --read-only > big.json")
        #expect(limited.status == 1 && limited.err.contains("file-size limit"), "\(limited.status) \(limited.err)")
    }

    @Test func aClosedPipeEndsQuietlyBySIGPIPE() throws {
        let cli = CLI()
        _ = try cli.run("wards")
        let p = Process()
        p.executableURL = CLI.binary
        p.arguments = ["export", "--json"]
        p.environment = ["ASSETMAP_HOME": cli.home.path, "LANG": "C.UTF-8"]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try out.fileHandleForReading.close()
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGPIPE)
        #expect(e.isEmpty, "\(String(decoding: e, as: UTF8.self))")
    }

    @Test func aURLIsNeverTakenForADatabasePath() throws {
        let cli = CLI()
        let r = try sh(cli, "\"$AM\" list --db postgres://council.example/assets")
        #expect(r.status != 0 && r.err.contains("cannot open a catalogue from a server"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: cli.home.appendingPathComponent("postgres:").path))
    }

    @Test func aNewCatalogueIsAnnouncedOnce() throws {
        let cli = CLI()
        let db = cli.home.appendingPathComponent("new.sqlite").path
        let first = try cli.run("wards", "--db", db)
        #expect(first.status == 0 && first.err.contains("no catalogue at \(db): created a new one"), "\(first.err)")
        let second = try cli.run("wards", "--db", db)
        #expect(second.status == 0 && !second.err.contains("created"), "\(second.err)")
    }

    @Test func anUnknownCommandIsSaidFirst() throws {
        let r = try CLI().run("foo")
        #expect(r.status == 64)
        #expect(r.err.hasPrefix("Error: unknown command 'foo'"), "\(r.err)")
        #expect(r.err.contains("search, list, show"))
    }

    @Test func anUnknownWardOrCategoryWithNoCloseMatchNamesTheListingCommand() throws {
        let cli = CLI()
        let w = try cli.run("list", "--ward", "zzzzzzzz")
        #expect(w.status != 0 && w.err.contains("unknown ward \"zzzzzzzz\"; `assetmap wards` lists them"), "\(w.err)")
        let c = try cli.run("search", "cat:qqqqqqqq")
        #expect(c.status != 0 && c.err.contains("`assetmap categories` lists them"), "\(c.err)")
    }

    /// Every --help at 80 columns: no paragraph line ends where the next line's first word would
    /// still have fitted (a line break written into the source text).
    @Test func helpParagraphsAreFilledAt80Columns() throws {
        let cli = CLI()
        let top = try cli.run("--help")
        let commands = ["search", "list", "show", "wards", "clusters", "districts", "categories", "import", "export", "keys",
                        "boundaries", "locate", "map", "present"]
        for c in [nil] + commands.map(Optional.some) {
            let r = c.map { try? cli.run($0, "--help", env: ["COLUMNS": "80"]) } ?? top
            guard let r else { continue }
            let lines = r.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (a, b) in zip(lines, lines.dropFirst()) {
                let indentA = a.prefix { $0 == " " }.count, indentB = b.prefix { $0 == " " }.count
                guard !a.isEmpty, indentA == indentB, let word = b.split(separator: " ").first,
                      !a.hasSuffix(":"), !b.dropFirst(indentB).hasPrefix("-"), !b.dropFirst(indentB).hasPrefix("assetmap "),
                      !b.dropFirst(indentB).hasPrefix("Example"), !b.dropFirst(indentB).contains("  ") else { continue }
                #expect(a.count + 1 + word.count >= 80, "assetmap \(c ?? "") --help breaks early:\n\(a)\n\(b)")
            }
        }
    }
}
