import AssetCatalogue
import Foundation
import TermUI

/// Plain-text tables for the command line: columns aligned by display width (CJK and emoji
/// count double), every value sanitised so data can never drive the terminal, and the last
/// flexible column truncated with an ellipsis to fit a terminal's width. Cells are kept end to
/// end in one buffer, and rows may be added in any order, each with the line it is printed on.
struct TablePrinter {
    enum Align { case left, right }
    struct Column {
        var title: String
        var align: Align = .left
        /// May be truncated to fit the terminal.
        var flexible = false
    }

    var columns: [Column]
    /// Sanitised cells, row after row, `columns.count` to a row.
    private var cells = ByteStrings()
    /// Each cell's display width, measured once.
    private var cellWidths: [Int] = []
    /// The line each row is printed on (0 is the first under the titles).
    private var lines: [Int] = []

    init(_ columns: [Column]) { self.columns = columns }

    var rowCount: Int { lines.count }

    /// Makes room for `rows` more rows of about `bytes` bytes each.
    mutating func reserve(rows: Int, bytes: Int) {
        cells.reserve(rows * columns.count, bytes: rows * bytes)
        cellWidths.reserveCapacity(cellWidths.count + rows * columns.count)
        lines.reserveCapacity(lines.count + rows)
    }

    mutating func add(_ row: [String]) { add(row, line: lines.count) }

    /// Adds a row to print on `line`. Once all are added the lines must be 0..<rowCount, each once.
    mutating func add(_ row: [String], line: Int) {
        for i in columns.indices {
            let c = i < row.count ? Sanitize.line(row[i]) : ""
            cells.append(c)
            cellWidths.append(TextWidth.width(of: c))
        }
        lines.append(line)
    }

    /// Adds a row to print on `line` from cells that need no sanitising: `cell(i, &bytes)`
    /// appends column i's text and returns its display width.
    mutating func addClean(line: Int, _ cell: (Int, inout [UInt8]) -> Int) {
        for i in columns.indices {
            var w = 0
            cells.append { w = cell(i, &$0) }
            cellWidths.append(w)
        }
        lines.append(line)
    }

    func render(maxWidth: Int?, into out: inout OutputBuffer) {
        let n = columns.count
        var widths = columns.map { TextWidth.width(of: $0.title) }
        for (k, w) in cellWidths.enumerated() where w > widths[k % n] { widths[k % n] = w }
        if let maxWidth {
            let total = widths.reduce(0, +) + 2 * (n - 1)
            if total > maxWidth, let flex = columns.lastIndex(where: \.flexible) {
                widths[flex] = max(8, widths[flex] - (total - maxWidth))
            }
        }
        let right = columns.map { $0.align == .right }
        func cell(_ i: Int, _ text: UnsafeBufferPointer<UInt8>, _ width: Int) {
            if i > 0 { out.spaces(2) }
            var w = width
            let last = i == n - 1
            func put(_ t: UnsafeBufferPointer<UInt8>) {
                let padding = max(0, widths[i] - w)
                if right[i] {
                    out.spaces(padding)
                    out.write(t)
                } else {
                    out.write(t)
                    if !last { out.spaces(padding) }
                }
            }
            if w > widths[i] {
                var t = TextWidth.truncate(String(decoding: text, as: UTF8.self), to: widths[i])
                w = TextWidth.width(of: t)
                t.withUTF8 { put($0) }
            } else {
                put(text)
            }
        }
        for (i, c) in columns.enumerated() {
            var t = c.title
            t.withUTF8 { cell(i, $0, TextWidth.width(of: c.title)) }
        }
        out.newline()
        cells.withAll { text in
            for r in RowOrder.rows(byLine: lines) {
                for i in 0..<n {
                    let k = r * n + i
                    text(k) { cell(i, $0, cellWidths[k]) }
                }
                out.newline()
            }
        }
    }

    func render(maxWidth: Int?) -> String {
        var out = OutputBuffer(fd: nil)
        render(maxWidth: maxWidth, into: &out)
        return out.collected
    }

    func print() {
        var out = OutputBuffer.standardOutput()
        render(maxWidth: Terminal.columnsIfTTY, into: &out)
        out.flush(final: true)
    }
}

/// Strings kept end to end in one byte buffer: no allocation per string.
struct ByteStrings {
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    var count: Int { ends.count }

    mutating func reserve(_ strings: Int, bytes total: Int) {
        ends.reserveCapacity(ends.count + strings)
        bytes.reserveCapacity(bytes.count + total)
    }

    mutating func append(_ s: String) {
        bytes.append(contentsOf: s.utf8)
        ends.append(bytes.count)
    }

    /// Appends one string made of whatever `build` appends to the buffer.
    mutating func append(_ build: (inout [UInt8]) -> Void) {
        build(&bytes)
        ends.append(bytes.count)
    }

    /// `body` with a function giving string i's bytes, for reading many.
    func withAll<R>(_ body: ((Int, (UnsafeBufferPointer<UInt8>) -> Void) -> Void) -> R) -> R {
        bytes.withUnsafeBufferPointer { b in
            ends.withUnsafeBufferPointer { e in
                body { i, read in read(UnsafeBufferPointer(rebasing: b[(i == 0 ? 0 : e[i - 1])..<e[i]])) }
            }
        }
    }
}

enum RowOrder {
    /// The row to print on each line, from the line of each row (a permutation of 0..<count).
    static func rows(byLine lines: [Int]) -> [Int] {
        var rows = [Int](repeating: -1, count: lines.count)
        for (r, l) in lines.enumerated() {
            precondition(l >= 0 && l < lines.count && rows[l] < 0, "line \(l) is out of range or given twice")
            rows[l] = r
        }
        return rows
    }
}

/// Output gathered in 64 KiB chunks and written with write(2) as each fills, rather than built
/// as one string; or, with no file descriptor, collected whole.
/// On a terminal, what is written goes through `Sanitize.text` (whole lines at a time), so no
/// control character or escape sequence in the data reaches it raw, in CSV and JSON too.
struct OutputBuffer {
    private let fd: Int32?
    private let terminal: Bool
    private var buffer: [UInt8] = []
    private static let chunk = 1 << 16

    init(fd: Int32?) {
        self.fd = fd
        terminal = fd.map { isatty($0) == 1 } ?? false
        buffer.reserveCapacity(OutputBuffer.chunk)
    }

    /// Standard output, after whatever `print` has buffered there.
    static func standardOutput() -> OutputBuffer {
        fflush(nil)  // every stdio stream
        return OutputBuffer(fd: STDOUT_FILENO)
    }

    var collected: String { String(decoding: buffer, as: UTF8.self) }

    mutating func write(_ b: UnsafeBufferPointer<UInt8>) {
        buffer.append(contentsOf: b)
        if fd != nil && buffer.count >= OutputBuffer.chunk { flush() }
    }

    mutating func write(_ s: String) {
        var s = s
        s.withUTF8 { write($0) }
    }

    mutating func newline() { buffer.append(0x0A) }

    mutating func spaces(_ n: Int) {
        if n > 0 { buffer.append(contentsOf: repeatElement(0x20, count: n)) }
    }

    /// Writes out what is buffered (all of it, retrying short writes; on a terminal, the whole
    /// lines, and the rest when `final`).
    mutating func flush(final: Bool = false) {
        guard let fd, !buffer.isEmpty else { return }
        if terminal {
            let end = final ? buffer.count : (buffer.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0)
            guard end > 0 else { return }
            var shown = Array(Sanitize.text(String(decoding: buffer[..<end], as: UTF8.self)).utf8)
            buffer.removeFirst(end)
            OutputBuffer.writeAll(fd, &shown)
            return
        }
        OutputBuffer.writeAll(fd, &buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    private static func writeAll(_ fd: Int32, _ buffer: inout [UInt8]) {
        guard let code = buffer.withUnsafeBytes({ OutputFile.writeAll(fd, $0) }) else { return }
        OutputBuffer.failed(code, fd: fd)
    }

    /// A write that failed ends the command: a closed pipe (`| head`) quietly, as Unix tools end
    /// (by SIGPIPE); anything else (a full disk, a file-size limit) with a message and status 1.
    static func failed(_ code: Int32, fd: Int32) -> Never {
        if code == EPIPE {
            _ = signal(SIGPIPE, SIG_DFL)
            _ = raise(SIGPIPE)
        }
        printError("cannot write to \(fd == STDOUT_FILENO ? "standard output" : "output"): \(OutputFile.reason(code))")
        exit(1)
    }
}

/// Writes text to standard output: as it is into a pipe or file, through `OutputBuffer` (so
/// sanitised) on a terminal.
func writeStandardOutput(_ s: String) {
    var out = OutputBuffer.standardOutput()
    out.write(s)
    out.flush(final: true)
}

enum Terminal {
    /// The terminal's width when stdout is a terminal; nil when piped.
    static var columnsIfTTY: Int? {
        guard isatty(STDOUT_FILENO) == 1 else { return nil }
        var ws = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return Int(ws.ws_col) }
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init) { return c }
        return 80
    }
}

/// Writes JSON to stdout.
func printJSON<T: Encodable>(_ value: T) throws {
    let enc = JSONEncoder()
    enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    writeStandardOutput(String(decoding: try enc.encode(value), as: UTF8.self) + "\n")
}

/// Writes to stderr.
func printError(_ s: String) {
    FileHandle.standardError.write(Data((Sanitize.text(s) + "\n").utf8))
}

/// A row for list-like output.
struct AssetRow: Encodable {
    var id: String
    var kind: String
    var name: String
    var ward: String
    var cluster: String
    var category: String
    var summary: String

    init(_ a: Asset, _ c: Catalogue) {
        id = a.id
        kind = a.kind.rawValue
        name = a.name
        ward = c.wardName(a.ward)
        cluster = c.clusterName(a.cluster)
        category = a.mainCategory.map { c.taxonomy.name(of: $0) } ?? ""
        summary = AssetDetails.summary(a)
    }

    /// The fields as `printJSON` writes them: by key, in key order.
    var jsonFields: [(String, String)] {
        [("category", category), ("cluster", cluster), ("id", id), ("kind", kind), ("name", name), ("summary", summary), ("ward", ward)]
    }
}

/// The list commands' output (`search`, `list`): assets as a table, JSON or CSV. Assets may be
/// added in any order, each with the line it is printed on; each is formatted as it is added
/// (kept as bytes, not as an `Asset`) and all are printed at the end.
struct AssetListPrinter {
    private let catalogue: Catalogue
    private let format: FormatOptions
    private var table = TablePrinter([.init(title: "ID"), .init(title: "KIND"), .init(title: "NAME"), .init(title: "WARD"),
                                      .init(title: "CATEGORY"), .init(title: "SUMMARY", flexible: true)])
    /// JSON objects or CSV lines, with the line each is printed on.
    private var rendered = ByteStrings()
    private var lines: [Int] = []

    /// `catalogue` gives the names of wards, clusters and categories; its assets are not used.
    private var stored: StoredCells

    init(format: FormatOptions, catalogue: Catalogue) {
        self.format = format
        self.catalogue = catalogue
        stored = StoredCells(catalogue)
    }

    /// Makes room for `n` more assets.
    mutating func reserve(_ n: Int) {
        if format.csv || format.json {
            rendered.reserve(n, bytes: n * (format.csv ? 400 : 300))
            lines.reserveCapacity(lines.count + n)
        } else {
            table.reserve(rows: n, bytes: 240)
        }
    }

    /// How many assets have been added.
    var count: Int { lines.count + table.rowCount }

    /// What each added asset must have: the list fields, or (for CSV) every field and its links.
    var fields: CatalogueStore.HitFields { format.csv ? .all(links: true) : .list }

    /// Adds a hit as it is read (`CatalogueStore.searchHits` with `fields`): formatted straight
    /// from its stored bytes when it can be (`StoredCells`), through `add(_:line:)` otherwise.
    mutating func add(_ row: CatalogueStore.StoredRow, line: Int) throws {
        if !format.csv {
            if format.json {
                if stored.addJSON(row, into: &rendered) { lines.append(line); return }
            } else if stored.addCells(row, line: line, to: &table) {
                return
            }
        }
        add(try row.asset(), line: line)
    }

    mutating func add(_ a: Asset, line: Int) {
        if format.csv {
            let f = Exporter.fields(of: a, geography: catalogue.geography)
            rendered.append { out in CSVText.line(Exporter.assetColumns.map { f[$0] ?? "" }, into: &out) }
            lines.append(line)
            return
        }
        let r = AssetRow(a, catalogue)
        if format.json {
            rendered.append { JSONText.object(r.jsonFields, indent: 2, into: &$0) }
            lines.append(line)
        } else {
            table.add([r.id, r.kind, r.name, r.ward, r.category, r.summary], line: line)
        }
    }

    func print() throws {
        if !format.json && !format.csv { table.print(); return }
        if format.json && lines.isEmpty { try printJSON([AssetRow]()); return }
        var out = OutputBuffer.standardOutput()
        if format.csv { out.write(CSVWriter.line(Exporter.assetColumns)) } else { out.write("[\n") }
        rendered.withAll { text in
            for (k, r) in RowOrder.rows(byLine: lines).enumerated() {
                if format.json && k > 0 { out.write(",\n") }
                text(r) { out.write($0) }
            }
        }
        if format.json { out.write("\n]\n") }
        out.flush(final: true)
    }
}

/// `AssetRow`'s table cells and JSON, made from a stored row's bytes without building an
/// `Asset` or a `String` per field, for rows whose text columns are all printable ASCII (so
/// nothing needs sanitising, and the first sentence is found on bytes) and whose days are in
/// the stored form. Any other row is declined, before anything is written, and goes through
/// `Asset` and `AssetRow`. Ward, cluster and category names are looked up once per code.
struct StoredCells {
    typealias Column = CatalogueStore.StoredRow.ListColumn
    private let catalogue: Catalogue
    private var wards = NameCache(), clusters = NameCache(), categories = NameCache()
    private var days: [Weekday] = []
    private var summary: [UInt8] = []
    private static let jsonKeys = ["category", "cluster", "id", "kind", "name", "summary", "ward"]

    init(_ catalogue: Catalogue) { self.catalogue = catalogue }

    private var kind = AssetKind.group
    private var summaryWidth = 0, nameWidth = 0

    /// The checks and the shared work for a row (kind, days, summary and, for a table, widths):
    /// false to decline it.
    private mutating func prepare(_ row: CatalogueStore.StoredRow, table: Bool) -> Bool {
        kind = StoredCells.kind(row)
        guard let name = StoredCells.check(row.bytes(.name), table: table),
              StoredCells.isPrintableASCII(row.bytes(.id)), StoredCells.isPrintableASCII(row.bytes(.categories)),
              StoredCells.check(row.bytes(.ward), table: table) != nil,
              StoredCells.check(row.bytes(.cluster), table: table) != nil else { return false }
        nameWidth = name
        days.removeAll(keepingCapacity: true)
        guard row.forEachStoredDay({ days.append($0) }) else { return false }
        summary.removeAll(keepingCapacity: true)
        guard let w = writeSummary(row, table: table) else { return false }
        summaryWidth = w
        return true
    }

    /// For text that is valid UTF-8 with no NUL (which SQLite's C string would end at) and, for
    /// a table, nothing `Sanitize.line` would change: its display width (0 when not for a
    /// table). Nil for anything else.
    static func check(_ b: UnsafeBufferPointer<UInt8>, table: Bool) -> Int? {
        if let w = latinWidth(b) { return table ? w : 0 }
        guard !b.contains(0), let s = String(validating: b, as: UTF8.self) else { return nil }
        if !table { return 0 }
        return Sanitize.isClean(s) ? TextWidth.width(of: s) : nil
    }

    /// The width of printable ASCII mixed with U+00A0–U+02FF (`£`, `é`, `·`): every scalar
    /// its own grapheme, one column wide, nothing to sanitise. Nil for any other byte.
    static func latinWidth(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var w = 0, i = 0
        let n = b.count
        while i < n {
            // Eight printable ASCII bytes at a time: no high bit, none below 0x20, no DEL.
            if i + 8 <= n {
                let x = UnsafeRawPointer(b.baseAddress! + i).loadUnaligned(as: UInt64.self)
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                let del = x ^ (0x7F * ones)
                if (x | ((x &- 0x20 &* ones) & ~x) | ((del &- ones) & ~del)) & highs == 0 {
                    i += 8
                    w += 8
                    continue
                }
            }
            let c = b[i]
            if c >= 0x20 && c < 0x7F {
                i += 1
            } else if c >= 0xC2 && c <= 0xCB && i + 1 < n && b[i + 1] & 0xC0 == 0x80 && (c > 0xC2 || b[i + 1] >= 0xA0) {
                i += 2
            } else {
                return nil
            }
            w += 1
        }
        return w
    }

    mutating func addCells(_ row: CatalogueStore.StoredRow, line: Int, to table: inout TablePrinter) -> Bool {
        guard prepare(row, table: true) else { return false }
        let ward = wards.index(row.bytes(.ward)) { catalogue.wardName($0) }
        let category = mainCategory(row)
        table.addClean(line: line) { i, out in
            switch i {
            case 0:
                out.append(contentsOf: row.bytes(.id))
                return row.bytes(.id).count
            case 1:
                out.append(contentsOf: kind.rawValue.utf8)
                return kind.rawValue.utf8.count
            case 2:
                out.append(contentsOf: row.bytes(.name))
                return nameWidth
            case 3: return wards.cell(ward, &out)
            case 4: return category.map { categories.cell($0, &out) } ?? 0
            default:
                out.append(contentsOf: summary)
                return summaryWidth
            }
        }
        return true
    }

    mutating func addJSON(_ row: CatalogueStore.StoredRow, into rendered: inout ByteStrings) -> Bool {
        guard prepare(row, table: false) else { return false }
        let ward = wards.index(row.bytes(.ward)) { catalogue.wardName($0) }
        let cluster = clusters.index(row.bytes(.cluster)) { catalogue.clusterName($0) }
        let category = mainCategory(row)
        rendered.append { out in
            JSONText.object(keys: StoredCells.jsonKeys, indent: 2, into: &out) { i, out in
                switch i {
                case 0:
                    if let category { categories.json(category, &out) } else { JSONText.string("", into: &out) }
                case 1: clusters.json(cluster, &out)
                case 2: JSONText.string(row.bytes(.id), into: &out)
                case 3: JSONText.string(kind.rawValue, into: &out)
                case 4: JSONText.string(row.bytes(.name), into: &out)
                case 5: summary.withUnsafeBufferPointer { JSONText.string($0, into: &out) }
                default: wards.json(ward, &out)
                }
            }
        }
        return true
    }

    /// `AssetKind(rawValue:) ?? .group`, from bytes.
    private static func kind(_ row: CatalogueStore.StoredRow) -> AssetKind {
        let k = row.bytes(.kind)
        return AssetKind.allCases.first { $0.rawValue.utf8.elementsEqual(k) } ?? .group
    }

    /// `mainCategory`: the first non-empty `;`-separated id, by its index in `categories`.
    private mutating func mainCategory(_ row: CatalogueStore.StoredRow) -> Int? {
        let b = row.bytes(.categories)
        var start = 0
        for i in 0...b.count where i == b.count || b[i] == 0x3B {
            if i > start { return categories.index(UnsafeBufferPointer(rebasing: b[start..<i])) { catalogue.taxonomy.name(of: $0) } }
            start = i + 1
        }
        return nil
    }

    /// `AssetDetails.summary` into `summary`: an activity's schedule (`Schedule.summary`) and
    /// cost, otherwise the description's first sentence; its display width (for a table), or nil
    /// to decline the row.
    private mutating func writeSummary(_ row: CatalogueStore.StoredRow, table: Bool) -> Int? {
        func width() -> Int {
            guard table else { return 0 }
            return StoredCells.latinWidth(summary.withUnsafeBufferPointer { $0 })
                ?? TextWidth.width(of: String(decoding: summary, as: UTF8.self))
        }
        let times = row.bytes(.times), frequency = row.bytes(.frequency), cost = row.bytes(.cost)
        if kind == .activity, !days.isEmpty || !times.isEmpty || !frequency.isEmpty {
            guard StoredCells.check(times, table: table) != nil, StoredCells.check(frequency, table: table) != nil,
                  StoredCells.check(cost, table: table) != nil else { return nil }
            for (i, d) in days.enumerated() {
                if i > 0 { summary.append(contentsOf: ", ".utf8) }
                summary.append(contentsOf: d.short.utf8)
            }
            if !times.isEmpty {
                if !days.isEmpty { summary.append(0x20) }
                summary.append(contentsOf: times)
            }
            if !frequency.isEmpty {
                if summary.isEmpty {
                    summary.append(contentsOf: frequency)
                } else {
                    summary.append(contentsOf: " (".utf8)
                    summary.append(contentsOf: frequency)
                    summary.append(0x29)  // )
                }
            }
            if !cost.isEmpty { summary.append(contentsOf: " · ".utf8) }
            summary.append(contentsOf: cost)
            return width()
        }
        // The first sentence on bytes while they are ASCII (as `firstSentenceASCII`); else the
        // description decoded, through `AssetDetails.summary` itself.
        let d = row.bytes(.description)
        var end = d.count
        for i in 0..<d.count {
            let c = d[i]
            if c >= 0x80 {
                guard StoredCells.check(d, table: table) != nil else { return nil }
                let text = AssetDetails.summary(Asset(id: "", kind: kind, name: "", description: String(decoding: d, as: UTF8.self),
                                                      ward: "", cluster: ""))
                if table && !Sanitize.isClean(text) { return nil }
                summary.append(contentsOf: text.utf8)
                return width()
            }
            if c == 0x2E && i + 1 < d.count && d[i + 1] == 0x20 && (i + 2 == d.count || d[i + 2] < 0x80) {
                end = i + 1
                break
            }
        }
        let sentence = UnsafeBufferPointer(rebasing: d[0..<end])
        guard StoredCells.check(sentence, table: table) != nil else { return nil }
        summary.append(contentsOf: sentence)
        return width()
    }

    static func isPrintableASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        for c in b where c < 0x20 || c >= 0x7F { return false }
        return true
    }

    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0)
    }

}

/// Names looked up by a stored code (a ward code, a cluster or category id), each once, kept as
/// a table cell (sanitised, with its width) and as JSON text.
struct NameCache {
    private var keys: [[UInt8]] = []
    private var cells: [[UInt8]] = []
    private var widths: [Int] = []
    private var jsons: [[UInt8]] = []
    private var byHash: [UInt64: Int] = [:]

    /// The entry for `code`, made with `name(code)` the first time.
    mutating func index(_ code: UnsafeBufferPointer<UInt8>, _ name: (String) -> String) -> Int {
        var h: UInt64 = 0xcbf29ce484222325  // FNV-1a
        for c in code { h = (h ^ UInt64(c)) &* 0x100000001b3 }
        if let i = byHash[h], StoredCells.equal(code, keys[i].withUnsafeBufferPointer { $0 }) { return i }
        let n = name(String(decoding: code, as: UTF8.self))
        let cell = Sanitize.line(n)
        var json: [UInt8] = []
        JSONText.string(n, into: &json)
        keys.append(Array(code))
        cells.append(Array(cell.utf8))
        widths.append(TextWidth.width(of: cell))
        jsons.append(json)
        if byHash[h] == nil { byHash[h] = keys.count - 1 }
        return keys.count - 1
    }

    func cell(_ i: Int, _ out: inout [UInt8]) -> Int {
        out.append(contentsOf: cells[i])
        return widths[i]
    }

    func json(_ i: Int, _ out: inout [UInt8]) { out.append(contentsOf: jsons[i]) }
}

func printAssets(_ assets: [Asset], in c: Catalogue, format: FormatOptions) throws {
    var p = AssetListPrinter(format: format, catalogue: c)
    for (i, a) in assets.enumerated() { p.add(a, line: i) }
    try p.print()
}

/// `CSVWriter.line` into bytes: ASCII fields without a CR (where characters are bytes) quoted
/// and escaped on bytes; any other field by `CSVWriter.field` itself.
enum CSVText {
    static func line(_ fields: [String], into out: inout [UInt8]) {
        for (i, f) in fields.enumerated() {
            if i > 0 { out.append(0x2C) }  // ,
            var f = f
            let done = f.withUTF8 { b -> Bool in
                var quote = b.first == 0x23  // #
                for c in b {
                    if c >= 0x80 || c == 0x0D { return false }
                    if c == 0x2C || c == 0x22 || c == 0x0A { quote = true }
                }
                if !quote {
                    out.append(contentsOf: b)
                    return true
                }
                out.append(0x22)
                for c in b {
                    if c == 0x22 { out.append(0x22) }
                    out.append(c)
                }
                out.append(0x22)
                return true
            }
            if !done { out.append(contentsOf: CSVWriter.field(f).utf8) }
        }
        out.append(0x0A)
    }
}

/// JSON text as `printJSON`'s encoder writes it (pretty-printed, keys sorted, slashes not
/// escaped), for objects of strings written one at a time.
enum JSONText {
    /// `{ "key" : "value", … }` with its keys in the order given (sort them for `printJSON`'s
    /// order), the braces at `indent` spaces and the keys two further in.
    static func object(_ fields: [(String, String)], indent: Int, into out: inout [UInt8]) {
        object(keys: fields.map(\.0), indent: indent, into: &out) { i, out in string(fields[i].1, into: &out) }
    }

    /// `object` with each value's JSON text written by `value(i, &out)` for `keys[i]`.
    static func object(keys: [String], indent: Int, into out: inout [UInt8], value: (Int, inout [UInt8]) -> Void) {
        out.append(contentsOf: repeatElement(0x20, count: indent))
        out.append(0x7B)  // {
        for (i, k) in keys.enumerated() {
            if i > 0 { out.append(0x2C) }  // ,
            out.append(0x0A)
            out.append(contentsOf: repeatElement(0x20, count: indent + 2))
            string(k, into: &out)
            out.append(0x20)
            out.append(0x3A)  // " : "
            out.append(0x20)
            value(i, &out)
        }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: indent))
        out.append(0x7D)  // }
    }

    /// A JSON string: `"` and `\\` escaped, C0 controls as \b \t \n \f \r or \u00xx, the rest
    /// (DEL, C1, every other scalar) as UTF-8.
    static func string(_ s: String, into out: inout [UInt8]) {
        var s = s
        s.withUTF8 { string($0, into: &out) }
    }

    static func string(_ b: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        out.append(0x22)
        do {
            var plain = 0  // start of the run not yet copied
            for (i, c) in b.enumerated() where c < 0x20 || c == 0x22 || c == 0x5C {
                if i > plain { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[plain..<i])) }
                plain = i + 1
                out.append(0x5C)  // \\
                switch c {
                case 0x22, 0x5C: out.append(c)
                case 0x08: out.append(0x62)  // b
                case 0x09: out.append(0x74)  // t
                case 0x0A: out.append(0x6E)  // n
                case 0x0C: out.append(0x66)  // f
                case 0x0D: out.append(0x72)  // r
                default:
                    let hex: (UInt8) -> UInt8 = { $0 < 10 ? 0x30 + $0 : 0x61 + $0 - 10 }
                    out.append(contentsOf: "u00".utf8)
                    out.append(hex(c >> 4))
                    out.append(hex(c & 0xF))
                }
            }
            if plain < b.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[plain..<b.count])) }
        }
        out.append(0x22)
    }
}
