import Foundation

/// A problem in an input file, located to the line and field.
public struct ImportError: Error, Equatable, CustomStringConvertible, Sendable {
    public var file: String
    /// 1-based physical line where the record starts; 0 when the problem is not on one line.
    public var line: Int
    /// The column, or "" when the problem is with the whole record or file.
    public var field: String
    public var message: String

    public init(file: String, line: Int, field: String, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.message = message
    }

    /// `activities.csv:41: days: "Tusday" is not a weekday`
    public var description: String {
        var s = file
        if line > 0 { s += ":\(line)" }
        s += ": "
        if !field.isEmpty { s += "\(field): " }
        return s + message
    }
}

/// Many problems at once: an import reports every error, not just the first.
public struct ImportErrors: Error, CustomStringConvertible, Sendable {
    public var errors: [ImportError]
    public init(_ errors: [ImportError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}

/// A CSV file read whole: header, and rows that remember their line numbers.
public struct CSVTable: Sendable {
    public struct Row: Sendable {
        public let line: Int
        /// The row's trimmed values, in header order (`columns` maps a header name to its place).
        fileprivate let values: [String]
        fileprivate let columns: [String: Int]
        /// The trimmed value of a column, "" when absent.
        public subscript(_ column: String) -> String { columns[column].map { values[$0] } ?? "" }
        public func has(_ column: String) -> Bool { columns[column] != nil }
    }

    public let file: String
    /// Line of the header row (after any leading comments).
    public let headerLine: Int
    public let header: [String]
    public let rows: [Row]
    /// Values whose leading or trailing spaces (or line breaks) were trimmed, and where the first was.
    public var trimmed = Trimmed()

    /// A count of trimmed values and the first one's place, for the import's report.
    public struct Trimmed: Sendable, Equatable {
        public var count = 0
        /// `groups.csv:4: name`
        public var first: String?
        public init() {}
        public mutating func merge(_ other: Trimmed) {
            count += other.count
            first = first ?? other.first
        }
    }

    /// Reads a file; `displayName` is what errors call it (default: the last path component).
    public static func read(_ url: URL, displayName: String? = nil) throws -> CSVTable {
        let name = displayName ?? url.lastPathComponent
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ImportError(file: name, line: 0, field: "", message: "cannot read file (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            let at = CSVTable.firstInvalidUTF8(data)
            throw ImportError(file: name, line: at?.line ?? 0, field: "",
                              message: "not UTF-8 text" + (at.map { " (an invalid byte at column \($0.column))" } ?? ""))
        }
        return try parse(text, file: name)
    }

    /// Parses CSV text. Blank lines and lines starting with `#` are skipped.
    public static func parse(_ rawText: String, file: String) throws -> CSVTable {
        var text = rawText
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        // Comment lines are removed before parsing, but counted so line numbers stay true.
        // A `#` line inside a quoted multi-line field would be data, so track quote parity.
        var kept = ""
        kept.reserveCapacity(text.utf8.count)
        var lineMap: [Int] = []   // kept physical line index -> original line number
        var inQuotes = false
        var quoteOpenedOn = 0
        var lineNo = 0
        for l in CSVTable.lines(text) {
            lineNo += 1
            if !inQuotes {
                let trimmed = l.trimmedField()
                if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            }
            kept += l
            kept += "\n"
            lineMap.append(lineNo)
            for ch in l.utf8 where ch == UInt8(ascii: "\"") {
                inQuotes.toggle()
                if inQuotes { quoteOpenedOn = lineNo }
            }
        }
        if inQuotes {
            throw ImportError(file: file, line: quoteOpenedOn, field: "", message: "a quoted field is never closed")
        }
        if kept.isEmpty { throw ImportError(file: file, line: 0, field: "", message: "the file is empty (no header row)") }

        var reader = CSVRows(kept)
        guard let headerRow = reader.next() else {
            throw ImportError(file: file, line: 0, field: "", message: "the file is empty (no header row)")
        }
        if let f = reader.takeMalformed() {
            throw ImportError(file: file, line: lineMap[0], field: "", message: "column \(f + 1): " + CSVRows.malformedMessage)
        }
        for (i, v) in headerRow.enumerated() {
            if let problem = CSVTable.problem(v) {
                throw ImportError(file: file, line: lineMap[0], field: "", message: "column \(i + 1): " + problem)
            }
        }
        let header = headerRow.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        var seen = Set<String>()
        for h in header {
            if h.isEmpty { throw ImportError(file: file, line: lineMap[0], field: "", message: "the header has an empty column name") }
            if !seen.insert(h).inserted {
                throw ImportError(file: file, line: lineMap[0], field: h, message: "column appears twice in the header")
            }
        }
        var columns: [String: Int] = [:]
        for (i, h) in header.enumerated() { columns[h] = i }
        var rows: [Row] = []
        var trimmed = Trimmed()
        var keptLine = 1 + headerRow.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
        while let r = reader.next() {
            let start = lineMap[min(keptLine, lineMap.count - 1)]
            keptLine += 1 + r.reduce(0) { $0 + $1.utf8.reduce(0) { $0 + ($1 == 10 ? 1 : 0) } }
            func fieldName(_ i: Int) -> String { i < header.count ? header[i] : "column \(i + 1)" }
            if let f = reader.takeMalformed() {
                throw ImportError(file: file, line: start, field: fieldName(f), message: CSVRows.malformedMessage)
            }
            for (i, v) in r.enumerated() {
                if let problem = CSVTable.problem(v) { throw ImportError(file: file, line: start, field: fieldName(i), message: problem) }
            }
            if r.count == 1 && r[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            if r.count != header.count {
                throw ImportError(file: file, line: start, field: "",
                                  message: "has \(r.count) fields, the header has \(header.count)")
            }
            let values = r.map { $0.trimmedField(newlines: true) }
            for (i, v) in values.enumerated() where v.utf8.count != r[i].utf8.count {
                trimmed.count += 1
                if trimmed.first == nil { trimmed.first = "\(file):\(start): \(header[i])" }
            }
            rows.append(Row(line: start, values: values, columns: columns))
        }
        var table = CSVTable(file: file, headerLine: lineMap[0], header: header, rows: rows)
        table.trimmed = trimmed
        return table
    }

    /// Where the first byte that is not UTF-8 is: its line (LF, CRLF or CR ended) and its column
    /// (in characters, 1-based); nil when the data is UTF-8.
    static func firstInvalidUTF8(_ data: Data) -> (line: Int, column: Int)? {
        var line = 1, column = 1, afterCR = false
        var bytes = data.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&bytes) {
            case .scalarValue(let s):
                if s == "\n" && afterCR { afterCR = false; continue }
                afterCR = s == "\r"
                if s == "\n" || s == "\r" { line += 1; column = 1 } else { column += 1 }
            case .emptyInput: return nil
            case .error: return (line, column)
            }
        }
    }

    /// The longest field value, in UTF-8 bytes (docs/data-format.md): a longer one is refused
    /// before any per-value work (lookups, suggestions) is done on it.
    public static let maxFieldBytes = 10_000

    /// Why a raw field value cannot be stored, or nil: too long, or holding a NUL byte (which
    /// C strings, SQLite's included, would cut the value at).
    static func problem(_ value: String) -> String? {
        let n = value.utf8.count
        if n > maxFieldBytes { return "the value is too long (\(n) bytes; the limit is \(maxFieldBytes))" }
        if value.utf8.contains(0) { return "the value contains a NUL byte (character 0)" }
        return nil
    }

    /// The text's lines, ended by LF, CRLF or a lone CR (the line end not included), found by bytes.
    static func lines(_ text: String) -> [Substring] {
        var out: [Substring] = []
        let u = text.utf8
        var start = u.startIndex
        var i = u.startIndex
        while i != u.endIndex {
            let b = u[i]
            if b == 0x0A || b == 0x0D {
                out.append(text[start..<i])
                i = u.index(after: i)
                if b == 0x0D && i != u.endIndex && u[i] == 0x0A { i = u.index(after: i) }
                start = i
            } else {
                i = u.index(after: i)
            }
        }
        out.append(text[start..<u.endIndex])
        return out
    }

    /// Throws for a header column not in `allowed` (usually a typo), naming the nearest allowed one.
    public func requireColumns(_ required: [String], allowed: Set<String>) throws {
        for h in header where !allowed.contains(h) {
            let near = Text.suggestions(for: h, among: allowed.sorted(), limit: 1)
            throw ImportError(file: file, line: headerLine, field: h,
                              message: "unknown column" + (near.isEmpty ? "" : "; did you mean \"\(near[0])\"?"))
        }
        for r in required where !header.contains(r) {
            throw ImportError(file: file, line: headerLine, field: r, message: "required column is missing")
        }
    }
}

extension StringProtocol where UTF8View: BidirectionalCollection {
    /// `trimmingCharacters(in: .whitespaces)` (`.whitespacesAndNewlines` with `newlines`), without
    /// Foundation's cost for the usual value, which starts and ends with printable ASCII (so
    /// there is nothing to trim).
    func trimmedField(newlines: Bool = false) -> String {
        guard let first = utf8.first, let last = utf8.last else { return "" }
        if (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last) { return String(self) }
        return trimmingCharacters(in: newlines ? .whitespacesAndNewlines : .whitespaces)
    }
}

/// The rows of CSV text, read as the CSV package's `CSVReader(string:)` reads them (no header
/// row, fields not trimmed): the same rules, its quirks included, on the UTF-8 bytes (every
/// character it acts on is ASCII), without its cost per character.
struct CSVRows: IteratorProtocol {
    private let bytes: [UInt8]
    private var i = 0
    private static let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    init(_ text: String) { bytes = Array(text.utf8) }

    /// Whether the field being read has a quote inside its quotes that is neither doubled nor
    /// the closing one (`"Foo"Bar"`); `malformed` is the first such field of the row last read.
    private var strayQuote = false
    private var malformed: Int?
    static let malformedMessage = "malformed quoting: a quote inside a quoted field must be doubled (\"\")"

    /// The index, in the row last read, of its first field with malformed quoting (then cleared).
    mutating func takeMalformed() -> Int? {
        defer { malformed = nil }
        return malformed
    }

    mutating func next() -> [String]? {
        guard i < bytes.count else { return nil }
        malformed = nil
        var row: [String] = []
        while true {
            let (field, end): (String, Bool)
            if i >= bytes.count {
                (field, end) = ("", true)
            } else if bytes[i] == CSVRows.quote {
                i += 1
                (field, end) = quotedField()
            } else {
                (field, end) = plainField()
            }
            row.append(field)
            if strayQuote {
                strayQuote = false
                if malformed == nil { malformed = row.count - 1 }
            }
            if end { return row }
        }
    }

    /// Skips an LF straight after a CR.
    private mutating func skipLF() { if i < bytes.count && bytes[i] == CSVRows.lf { i += 1 } }

    private mutating func plainField() -> (String, Bool) {
        let start = i
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            if c == CSVRows.cr || c == CSVRows.lf {
                let field = String(decoding: bytes[start..<(i - 1)], as: UTF8.self)
                if c == CSVRows.cr { skipLF() }
                return (field, true)
            }
            if c == CSVRows.comma { return (String(decoding: bytes[start..<(i - 1)], as: UTF8.self), false) }
        }
        return (String(decoding: bytes[start...], as: UTF8.self), true)
    }

    private mutating func quotedField() -> (String, Bool) {
        var field: [UInt8] = []
        while i < bytes.count {
            let c = bytes[i]
            i += 1
            guard c == CSVRows.quote else { field.append(c); continue }
            guard i < bytes.count else { break }
            let next = bytes[i]
            i += 1
            switch next {
            case CSVRows.cr:
                skipLF()
                return (String(decoding: field, as: UTF8.self), true)
            case CSVRows.lf: return (String(decoding: field, as: UTF8.self), true)
            case CSVRows.comma: return (String(decoding: field, as: UTF8.self), false)
            default:
                // `""` is a quote; a quote followed by anything else keeps the quote and, as the
                // package does, drops that character (all of it, when it is not ASCII).
                if next != CSVRows.quote { strayQuote = true }
                field.append(CSVRows.quote)
                if next >= 0xC0 { while i < bytes.count && bytes[i] & 0xC0 == 0x80 { i += 1 } }
            }
        }
        return (String(decoding: field, as: UTF8.self), true)
    }
}

/// Writes RFC 4180 CSV.
public enum CSVWriter {
    public static func field(_ s: String) -> String {
        if s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || s.hasPrefix("#") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    public static func line(_ fields: [String]) -> String { fields.map(field).joined(separator: ",") + "\n" }
}
