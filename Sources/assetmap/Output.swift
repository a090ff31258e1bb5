import AssetCatalogue
import Foundation
import TermUI

/// Plain-text tables for the command line: columns aligned by display width (CJK and emoji
/// count double), every value sanitised so data can never drive the terminal, and the last
/// flexible column truncated with an ellipsis to fit a terminal's width.
struct TablePrinter {
    enum Align { case left, right }
    struct Column {
        var title: String
        var align: Align = .left
        /// May be truncated to fit the terminal.
        var flexible = false
    }

    var columns: [Column]
    var rows: [[String]] = []

    init(_ columns: [Column]) { self.columns = columns }

    mutating func add(_ row: [String]) { rows.append(row.map { Sanitize.line($0) }) }

    func render(maxWidth: Int?) -> String {
        // Each cell's width is measured once.
        let cellWidths = rows.map { $0.map { TextWidth.width(of: $0) } }
        var widths = columns.map { TextWidth.width(of: $0.title) }
        for r in cellWidths { for (i, w) in r.enumerated() where i < widths.count { widths[i] = max(widths[i], w) } }
        if let maxWidth {
            let total = widths.reduce(0, +) + 2 * (columns.count - 1)
            if total > maxWidth, let flex = columns.lastIndex(where: \.flexible) {
                widths[flex] = max(8, widths[flex] - (total - maxWidth))
            }
        }
        var out = ""
        var pads: [String] = []
        func pad(_ n: Int) -> String {
            while pads.count <= n { pads.append(String(repeating: " ", count: pads.count)) }
            return pads[n]
        }
        func line(_ cells: [String], _ cellWidth: (Int) -> Int) {
            for (i, c) in columns.enumerated() {
                if i > 0 { out += "  " }
                var t = i < cells.count ? cells[i] : ""
                var w = i < cells.count ? cellWidth(i) : 0
                if w > widths[i] {
                    t = TextWidth.truncate(t, to: widths[i])
                    w = TextWidth.width(of: t)
                }
                let padding = max(0, widths[i] - w)
                let last = i == columns.count - 1
                if c.align == .right {
                    if padding > 0 { out += pad(padding) }
                    out += t
                } else {
                    out += t
                    if !last && padding > 0 { out += pad(padding) }
                }
            }
            out += "\n"
        }
        let titles = columns.map(\.title)
        line(titles) { TextWidth.width(of: titles[$0]) }
        for (r, cells) in rows.enumerated() { line(cells) { cellWidths[r][$0] } }
        return out
    }

    func print() {
        Swift.print(render(maxWidth: Terminal.columnsIfTTY), terminator: "")
    }
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
    FileHandle.standardOutput.write(try enc.encode(value))
    FileHandle.standardOutput.write(Data("\n".utf8))
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
}

func printAssets(_ assets: [Asset], in c: Catalogue, format: FormatOptions) throws {
    if format.json { try printJSON(assets.map { AssetRow($0, c) }); return }
    if format.csv { print(Exporter.assetsCSV(assets, geography: c.geography), terminator: ""); return }
    var t = TablePrinter([.init(title: "ID"), .init(title: "KIND"), .init(title: "NAME"), .init(title: "WARD"),
                          .init(title: "CATEGORY"), .init(title: "SUMMARY", flexible: true)])
    for a in assets {
        let r = AssetRow(a, c)
        t.add([r.id, r.kind, r.name, r.ward, r.category, r.summary])
    }
    t.print()
}
