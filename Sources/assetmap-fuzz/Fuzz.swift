import AssetCatalogue
import Foundation

// assetmap-fuzz: mutation fuzzing of the CSV, assetmap-JSON and GeoJSON importers and the query
// parser (`make fuzz`). The parent supervises a worker child: the worker writes the number of the
// input it is on to a progress file before each; a crash (the child dies) or a hang (the number
// stays put longer than --timeout) is reported with that input saved, and a new worker goes on
// from the next input. Input i is generated from (seed, i) alone, so every run is reproducible.
// Usage: assetmap-fuzz [--seed N] [--inputs N] [--seconds S] [--timeout S] [--out DIR]

/// The library's deterministic generator (SplitMix64), so a seed gives the same inputs everywhere.
typealias SplitMix64 = Synthetic.RNG

struct Options {
    var seed: UInt64 = 1
    var inputs = 100_000
    var seconds: Double?
    var timeout: Double = 10
    var out = "fuzz-failures"
    var worker: (start: Int, progress: String)?

    init(_ args: [String]) {
        var i = 1
        func value() -> String {
            i += 1
            guard i < args.count else { fail("\(args[i - 1]) needs a value") }
            return args[i]
        }
        while i < args.count {
            switch args[i] {
            case "--seed": seed = { let o = args[i]; return number(o, value()) }()
            case "--inputs": inputs = { let o = args[i]; return number(o, value()) }()
            case "--seconds": seconds = { let o = args[i]; return number(o, value()) }()
            case "--timeout": timeout = { let o = args[i]; return number(o, value()) }()
            case "--out": out = value()
            case "--worker":
                let start = Int(value()) ?? 0
                worker = (start, value())
            case "-h", "--help":
                print("usage: assetmap-fuzz [--seed N] [--inputs N] [--seconds S] [--timeout S] [--out DIR]")
                exit(0)
            default: fail("unknown argument \(args[i])")
            }
            i += 1
        }
    }
}

func number<T: LosslessStringConvertible>(_ option: String, _ text: String) -> T {
    guard let n = T(text) else { fail("\(option) takes a number, not \"\(text)\"") }
    return n
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("assetmap-fuzz: \(message)\n".utf8))
    exit(2)
}

// MARK: Seeds

struct Seeds {
    var csv: [Data] = []
    var json: [Data] = []
    var geojson: [Data] = []
    var query: [Data] = []

    init(check: HostileInputCheck) throws {
        guard let assets = DefaultCatalogue.assetsFolder() else { fail("no Assets folder (set ASSETMAP_ASSETS)") }
        let folder = assets.appendingPathComponent("catalogue")
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() where name.hasSuffix(".csv") {
            let lines = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false)
            // The header and a few rows: small inputs keep the rate high; the whole file is one seed too.
            csv.append(Data(lines.prefix(6).joined(separator: "\n").utf8 + [0x0A]))
            csv.append(Data(lines.joined(separator: "\n").utf8))
        }
        json = check.jsonSeeds()
        geojson = check.geojsonSeeds()
        query = ["ward:alexandra", "\"youth club\" -football", "category:sport ward:chadderton-central day:mon",
                 "transfer:any", "acv:listed cost:free", "-kind:group age:5", "wrd:x", "\"unclosed", "a OR b", ""]
            .map { Data($0.utf8) }
    }

    func pick(_ t: HostileTarget, _ rng: inout SplitMix64) -> Data {
        let list: [Data] = switch t { case .csv: csv; case .json: json; case .geojson: geojson; case .query: query }
        return list.randomElement(using: &rng)!
    }
}

// MARK: Mutations

enum Mutation: CaseIterable {
    case flip, truncate, control, invalidUTF8, bom, lineEnds, quote, hugeField, manyColumns, duplicateLine,
         dropLine, token, splice
}

let controls: [[UInt8]] = [[0], [0x1B], Array("\u{1B}[31m".utf8), Array("\u{1B}]0;title\u{07}".utf8),
                           Array("\u{1B}]8;;http://x\u{1B}\\".utf8), Array("\u{9B}".utf8), [0x9B], [0x85],
                           Array("\u{202E}".utf8), Array("\u{2066}".utf8), Array("\u{200F}".utf8), [0x7F], [0x08], [0x0D]]
let invalid: [[UInt8]] = [[0xFF], [0xC3], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82]]
let tokens: [String] = ["2024-02-30", "2023-13-01", "0000-00-00", "9999-12-31", "-1", "1e309", "NaN", "-0", "999999999999999999999",
                        "null", "true", "[]", "{}", "\"\"", "nope-id", ";;", ",", "\"", "unknown", "90.1", "-181", "E05999999",
                        "part_of:nope-id", "runs_at:", "\u{0}", "ward:", "kind:place", "[[[[[[[[", "{\"a\":", "1.0", "\"x\""]

func mutate(_ input: Data, _ rng: inout SplitMix64) -> Data {
    var b = [UInt8](input)
    func pos() -> Int { b.isEmpty ? 0 : Int.random(in: 0...b.count, using: &rng) }
    func lineRanges() -> [Range<Int>] {
        var r: [Range<Int>] = []
        var start = 0
        for (i, c) in b.enumerated() where c == 0x0A { r.append(start..<i + 1); start = i + 1 }
        if start < b.count { r.append(start..<b.count) }
        return r
    }
    for _ in 0..<Int.random(in: 1...4, using: &rng) {
        switch Mutation.allCases.randomElement(using: &rng)! {
        case .flip:
            if !b.isEmpty { let i = Int.random(in: 0..<b.count, using: &rng); b[i] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng) }
        case .truncate: b = Array(b.prefix(pos()))
        case .control: b.insert(contentsOf: controls.randomElement(using: &rng)!, at: pos())
        case .invalidUTF8: b.insert(contentsOf: invalid.randomElement(using: &rng)!, at: pos())
        case .bom: b.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: Bool.random(using: &rng) ? 0 : pos())
        case .lineEnds:
            let crlf = Bool.random(using: &rng)
            b = b.flatMap { $0 == 0x0A ? (crlf ? [0x0D, 0x0A] : [0x0D]) : [$0] }
        case .quote: b.insert(0x22, at: pos())
        case .hugeField: b.insert(contentsOf: [UInt8](repeating: 0x78, count: Int.random(in: 1_000...100_000, using: &rng)), at: pos())
        case .manyColumns:
            let n = Int.random(in: 50...3_000, using: &rng)
            b.insert(contentsOf: Array(String(repeating: ",c", count: n).utf8), at: lineRanges().first.map { max($0.upperBound - 1, 0) } ?? 0)
        case .duplicateLine:
            let lines = lineRanges()
            if lines.count > 1, let l = lines.dropFirst().randomElement(using: &rng) { b.insert(contentsOf: b[l], at: l.upperBound) }
        case .dropLine:
            if let l = lineRanges().randomElement(using: &rng) { b.removeSubrange(l) }
        case .token:
            // Replaces a field or value (between separators) with a hostile token: wrong types, bad dates, dangling ids.
            let seps: Set<UInt8> = [0x2C, 0x0A, 0x3A, 0x22, 0x3B, 0x20]
            let i = pos()
            var j = i
            while j < b.count, !seps.contains(b[j]) { j += 1 }
            b.replaceSubrange(i..<j, with: Array(tokens.randomElement(using: &rng)!.utf8))
        case .splice:
            if b.count > 2 {
                let a = Int.random(in: 0..<b.count, using: &rng)
                let len = Int.random(in: 1...min(200, b.count - a), using: &rng)
                b.insert(contentsOf: b[a..<a + len], at: pos())
            }
        }
    }
    return Data(b)
}

func input(_ i: Int, seed: UInt64, seeds: Seeds) -> (HostileTarget, Data) {
    var rng = SplitMix64(seed: seed &* 0x1000_0000_01B3 ^ UInt64(i))
    let target = HostileTarget.allCases[i % HostileTarget.allCases.count]
    let base = seeds.pick(target, &rng)
    // One input in 16 is the seed itself, so accepted imports are exercised too.
    return (target, Int.random(in: 0..<16, using: &rng) == 0 ? base : mutate(base, &rng))
}

func save(_ target: HostileTarget, _ data: Data, index: Int, seed: UInt64, out: String, why: String) -> String {
    try? FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
    let path = "\(out)/\(target.rawValue)-seed\(seed)-\(index).\(target.fileExtension)"
    FileManager.default.createFile(atPath: path, contents: data)
    FileManager.default.createFile(atPath: path + ".why", contents: Data((why + "\n").utf8))
    return path
}

// MARK: Worker

func runWorker(_ o: Options, start: Int, progressPath: String) throws -> Never {
    let tmp = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("assetmap-fuzz-\(getpid())")
    defer { try? FileManager.default.removeItem(at: tmp) }
    let check = try HostileInputCheck(folder: tmp)
    let seeds = try Seeds(check: check)
    let progress = open(progressPath, O_WRONLY | O_CREAT, 0o644)
    var counts = [0, 0, 0]  // accepted, rejected, failed
    let began = Date()
    var i = start
    while i < o.inputs {
        if let s = o.seconds, Date().timeIntervalSince(began) > s { break }
        var n = UInt64(i)
        _ = pwrite(progress, &n, 8, 0)
        let (target, data) = input(i, seed: o.seed, seeds: seeds)
        switch check.check(target, data) {
        case .accepted: counts[0] += 1
        case .rejected: counts[1] += 1
        case .failed(let why):
            counts[2] += 1
            let path = save(target, data, index: i, seed: o.seed, out: o.out, why: why)
            print("FAIL \(i) \(target.rawValue): \(why) (saved \(path))")
        }
        i += 1
    }
    print("DONE \(i) \(counts[0]) \(counts[1]) \(counts[2])")
    try? FileManager.default.removeItem(at: tmp)
    exit(0)
}

