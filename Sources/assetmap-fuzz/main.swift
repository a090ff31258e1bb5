import AssetCatalogue
import Foundation

// MARK: Supervisor

let options = Options(CommandLine.arguments)
if let w = options.worker {
    do { try runWorker(options, start: w.start, progressPath: w.progress) } catch { fail("\(error)") }
}

let progressPath = NSTemporaryDirectory() + "/assetmap-fuzz-progress-\(getpid())"
let began = Date()
var next = 0, accepted = 0, rejected = 0, failures = 0
var seedsForSaving: Seeds?
func readProgress(_ path: String = progressPath) -> Int? {
    guard let d = FileManager.default.contents(atPath: path), d.count == 8 else { return nil }
    return Int(d.withUnsafeBytes { $0.load(as: UInt64.self) })
}
while next < options.inputs {
    unlink(progressPath)
    let p = Process()
    p.executableURL = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    var args = ["--seed", "\(options.seed)", "--inputs", "\(options.inputs)", "--out", options.out, "--worker", "\(next)", progressPath]
    if let s = options.seconds { args += ["--seconds", "\(max(0, s - Date().timeIntervalSince(began)))"] }
    p.arguments = args
    let pipe = Pipe()
    p.standardOutput = pipe
    try p.run()
    // The watchdog: the worker's progress number must move within --timeout.
    var last = readProgress(), lastMoved = Date(), hung = false
    while p.isRunning {
        usleep(100_000)
        let now = readProgress()
        if now != last { last = now; lastMoved = Date() }
        else if Date().timeIntervalSince(lastMoved) > options.timeout { hung = true; kill(p.processIdentifier, SIGKILL) }
    }
    p.waitUntilExit()
    let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    for line in text.split(separator: "\n") {
        if line.hasPrefix("FAIL") { print(line) }
        if line.hasPrefix("DONE") {
            let f = line.split(separator: " ").compactMap { Int($0) }
            next = f[0]; accepted += f[1]; rejected += f[2]; failures += f[3]
        }
    }
    if p.terminationReason == .exit && p.terminationStatus == 0 { break }
    if p.terminationReason == .exit && p.terminationStatus == 2 { fail("the worker could not start") }
    // Crash or hang: the input the worker was on is regenerated, saved, and the run goes on after it.
    guard let at = readProgress() else { fail("the worker died before its first input (status \(p.terminationStatus))") }
    let tmp = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("assetmap-fuzz-seeds-\(getpid())")
    if seedsForSaving == nil { seedsForSaving = try Seeds(check: HostileInputCheck(folder: tmp)) }
    let (target, data) = input(at, seed: options.seed, seeds: seedsForSaving!)
    let why = hung ? "hang: no progress in \(options.timeout) s" : "crash: signal/status \(p.terminationStatus)"
    print("FAIL \(at) \(target.rawValue): \(why) (saved \(save(target, data, index: at, seed: options.seed, out: options.out, why: why)))")
    failures += 1
    next = at + 1
}
let elapsed = Date().timeIntervalSince(began)
let total = accepted + rejected + failures
print(String(format: "assetmap-fuzz: seed %llu: %d inputs (%d accepted, %d rejected) in %.1f s, %.0f inputs/second; %d failure%@",
             options.seed, total, accepted, rejected, elapsed, Double(total) / max(elapsed, 0.001), failures, failures == 1 ? "" : "s"))
unlink(progressPath)  // exit() runs no defer
exit(failures == 0 ? 0 : 1)
