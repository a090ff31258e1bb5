import Foundation
import TermUI
#if canImport(Glibc)
import Glibc
#endif

// Timing, statistics, memory and table printing for the benchmarks. Every figure printed is
// measured in the run that prints it.

/// Monotonic time in seconds.
@inline(__always) func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Runs `body` and returns its result and the seconds it took.
@inline(__always) func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let t0 = now()
    let r = try body()
    return (r, now() - t0)
}

/// Samples (seconds) summarised by nearest-rank percentiles.
struct Stats {
    let sorted: [Double]
    init(_ samples: [Double]) { sorted = samples.sorted() }
    var count: Int { sorted.count }
    func percentile(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[Swift.min(sorted.count - 1, Swift.max(0, rank - 1))]
    }
    var p50: Double { percentile(50) }
    var p99: Double { percentile(99) }
    var max: Double { sorted.last ?? .nan }
    var min: Double { sorted.first ?? .nan }
    var mean: Double { sorted.isEmpty ? .nan : sorted.reduce(0, +) / Double(sorted.count) }
}

/// Resident memory from /proc/self/status, in bytes: current (VmRSS) and peak (VmHWM).
func residentMemory() -> (current: Int, peak: Int) {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    var cur = 0, peak = 0
    for line in s.split(separator: "\n") {
        let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard parts.count >= 2, let kb = Int(parts[1]) else { continue }
        if parts[0] == "VmRSS:" { cur = kb * 1024 }
        if parts[0] == "VmHWM:" { peak = kb * 1024 }
    }
    return (cur, peak)
}

// MARK: Formatting

func ms(_ seconds: Double, digits: Int = 2) -> String {
    seconds.isNaN ? "-" : String(format: "%.\(digits)f ms", seconds * 1000)
}

func secs(_ seconds: Double) -> String {
    seconds < 1 ? ms(seconds, digits: 1) : String(format: "%.2f s", seconds)
}

func mb(_ bytes: Int) -> String { String(format: "%.0f MB", Double(bytes) / 1_000_000) }

/// "PASS" or "MISS" for a figure against an upper bound, as printed beside it.
func verdict(_ value: Double, atMost limit: Double) -> String { value <= limit ? "PASS" : "MISS" }

/// Display width of a string in a terminal, per grapheme cluster (TermUI's own measure).
func displayWidth(_ s: String) -> Int { TextWidth.width(of: s) }

/// A plain aligned text table: first column left-aligned, the rest right-aligned unless listed.
struct Table {
    var headers: [String]
    var rows: [[String]] = []
    var leftAligned: Set<Int> = [0]

    init(_ headers: [String], left: Set<Int> = [0]) {
        self.headers = headers
        leftAligned = left
    }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render(indent: String = "  ") -> String {
        let all = [headers] + rows
        var widths = [Int](repeating: 0, count: headers.count)
        for r in all { for (i, c) in r.enumerated() where i < widths.count { widths[i] = Swift.max(widths[i], displayWidth(c)) } }
        func line(_ r: [String]) -> String {
            var parts: [String] = []
            for (i, c) in r.enumerated() where i < widths.count {
                let pad = String(repeating: " ", count: widths[i] - displayWidth(c))
                parts.append(leftAligned.contains(i) ? c + pad : pad + c)
            }
            var s = indent + parts.joined(separator: "  ")
            while s.hasSuffix(" ") { s.removeLast() }
            return s
        }
        var out = [line(headers)]
        out.append(indent + widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
        out += rows.map(line)
        return out.joined(separator: "\n")
    }

    func print() { Swift.print(render()) }
}

func heading(_ s: String) {
    print("")
    print(s)
    print(String(repeating: "=", count: displayWidth(s)))
}

/// Results written for the summary across sizes (one JSON object per mode and run).
final class ResultFile {
    private var values: [String: Any] = [:]
    let path: String?
    init(path: String?) { self.path = path }
    subscript(key: String) -> Any? {
        get { values[key] }
        set { values[key] = newValue }
    }
    func write() {
        guard let path else { return }
        if let data = try? JSONSerialization.data(withJSONObject: values, options: [.prettyPrinted, .sortedKeys]) {
            FileManager.default.createFile(atPath: path, contents: data)
        }
    }
}

/// Keeps a value alive and opaque to the optimiser, so timed work is not removed.
@inline(never) func blackHole<T>(_ x: T) { withExtendedLifetime(x) {} }
