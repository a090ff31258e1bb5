import AssetCatalogue
import Foundation

// assetmap-bench: the release benchmarks behind `make bench` (driven by scripts/bench.sh).
// Each mode is meant to run in a fresh process, so load and memory figures start cold.

let usage = """
    usage: assetmap-bench MODE [options]

      generate --count N [--seed S] --db PATH
            write a synthetic catalogue of N assets into a fresh SQLite store at PATH
      catalogue --db PATH [--rounds R] [--json FILE]
            load time, index build, search p50/p99 over the benchmark queries, resident memory
      app (--db PATH | --home DIR) [--json FILE]
            explorer: launch to first frame in-process, then keystroke → frame while typing searches
      map --boundaries FILE [--count N] [--frames F] [--json FILE]
            a full map frame (200×60, Braille, real boundaries, N asset dots; default 100,000):
            key → update → view → diff → terminal bytes → write, p50/p99
      persisted --db PATH [--rounds R] [--json FILE]
            the search index file: build, save and check it (when missing or stale), else read it
            in a fresh process and search through it as `assetmap search` does
      compact --db PATH [--rounds R] [--json FILE]
            the catalogue as the explorer loads a large store (compact columns + the index file):
            load time, resident memory, search p50/p99, an asset's page read when shown
      check --count N [--seed S] --db PATH
            exit 0 if PATH holds that synthetic catalogue, made by this generator and schema
      names --db PATH --out FILE
            every asset name, one per line (for fzf)
      summary FILE...
            one table from the JSON files written by catalogue and app

    Targets are printed beside each figure with PASS or MISS.
    """

struct Args {
    var mode: String
    var options: [String: String] = [:]
    var positional: [String] = []

    init(_ argv: [String]) throws {
        guard let m = argv.first else { throw BenchError(usage) }
        mode = m
        var i = 1
        while i < argv.count {
            let a = argv[i]
            if a.hasPrefix("--") {
                guard i + 1 < argv.count else { throw BenchError("\(a) needs a value\n\n\(usage)") }
                options[String(a.dropFirst(2))] = argv[i + 1]
                i += 2
            } else {
                positional.append(a)
                i += 1
            }
        }
    }

    func string(_ key: String) throws -> String {
        guard let v = options[key] else { throw BenchError("missing --\(key)\n\n\(usage)") }
        return v
    }

    func int(_ key: String, default d: Int? = nil) throws -> Int {
        guard let s = options[key] else {
            if let d { return d }
            throw BenchError("missing --\(key)\n\n\(usage)")
        }
        guard let v = Int(s.replacingOccurrences(of: "_", with: "")) else { throw BenchError("--\(key) wants a number, not \(s)") }
        return v
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

do {
    let args = try Args(Array(CommandLine.arguments.dropFirst()))
    switch args.mode {
    case "generate": try Generate.run(args)
    case "catalogue": try CatalogueBench.run(args)
    case "app": try AppBench.run(args)
    case "map": try MapBench.run(args)
    case "persisted": try PersistedBench.run(args)
    case "compact": try CompactBench.run(args)
    case "check": try Check.run(args)
    case "names": try Names.run(args)
    case "summary": try Summary.run(args)
    case "-h", "--help", "help": print(usage)
    default: throw BenchError("unknown mode \(args.mode)\n\n\(usage)")
    }
} catch {
    FileHandle.standardError.write(Data("assetmap-bench: \(error)\n".utf8))
    exit(1)
}
