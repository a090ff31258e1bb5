import AssetCatalogue
import Foundation

/// The explorer's settings from the config file (`<config>/assetmap.conf`), the environment and the
/// command line, in that order of precedence from lowest to highest. The file holds `key = value`
/// lines; `#` starts a comment. Today its one key is `accessible` (true or false).
public struct ExplorerSettings: Equatable, Sendable {
    public var accessible = false

    public init(accessible: Bool = false) { self.accessible = accessible }

    /// The keys the config file knows.
    public enum Key: String, CaseIterable, Sendable {
        case accessible
    }

    /// A config line that could not be read: names the file, the line and the field.
    public struct ConfigError: Error, Equatable, CustomStringConvertible, Sendable {
        public var file: String
        public var line: Int
        public var field: String
        public var problem: String
        /// `line` is 0 for a setting from the environment (`file` then says so).
        public var description: String { line > 0 ? "\(file):\(line): \(field): \(problem)" : "\(file) \(field): \(problem)" }
    }

    public static func file(in paths: AppPaths = AppPaths()) -> URL { paths.config.appendingPathComponent("assetmap.conf") }

    /// Reads `text` (the contents of `file`) over `self`.
    public mutating func apply(config text: String, file: String) throws {
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let name = parts.first ?? trimmed
            guard parts.count == 2 else {
                throw ConfigError(file: file, line: n + 1, field: name, problem: "expected `key = value`")
            }
            guard let key = Key(rawValue: name) else {
                throw ConfigError(file: file, line: n + 1, field: name,
                                  problem: "unknown setting (known: \(Key.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            switch key {
            case .accessible:
                guard let v = ExplorerSettings.bool(parts[1]) else {
                    throw ConfigError(file: file, line: n + 1, field: name, problem: "expected true or false, found “\(parts[1])”")
                }
                accessible = v
            }
        }
    }

    /// The settings for a launch: the config file (if any), then `ASSETMAP_ACCESSIBLE` (1 or 0,
    /// true or false), then `--accessible` (which only turns it on).
    public static func resolve(configText: String?, configFile: String, environment: [String: String],
                               accessibleFlag: Bool) throws -> ExplorerSettings {
        var s = ExplorerSettings()
        if let configText { try s.apply(config: configText, file: configFile) }
        if let v = environment["ASSETMAP_ACCESSIBLE"], !v.isEmpty {
            guard let b = bool(v) else {
                throw ConfigError(file: "environment", line: 0, field: "ASSETMAP_ACCESSIBLE", problem: "expected 1 or 0, found “\(v)”")
            }
            s.accessible = b
        }
        if accessibleFlag { s.accessible = true }
        return s
    }

    static func bool(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "1", "true", "yes", "on": true
        case "0", "false", "no", "off": false
        default: nil
        }
    }
}
