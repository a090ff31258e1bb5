import AssetCatalogue
import Foundation
import Testing

/// Imports never change data silently: what cannot be stored as written is refused, located.
@Suite struct ImportSafetyTests {
    let importer = Fixtures.importer

    func errors(_ csv: String) -> [String] {
        do { _ = try importer.read(try CSVTable.parse(csv, file: "in.csv")); return [] }
        catch let e as ImportErrors { return e.errors.map(\.description) }
        catch let e as ImportError { return [e.description] }
        catch { return ["\(error)"] }
    }

    @Test func aNULByteIsRefusedWithLineAndField() {
        let e = errors("id,kind,name,categories,ward,cluster\na-1,group,Foo\u{0}Bar,food,Shaw,north\n")
        #expect(e == ["in.csv:2: name: the value contains a NUL byte (character 0)"])
    }

    @Test func aStrayQuoteInAQuotedFieldIsMalformedQuoting() {
        let e = errors("id,kind,name,categories,ward,cluster,description\n\na-1,group,\"Foo\"Bar\",food,Shaw,north,\"x\"y\"\n")
        #expect(e == ["in.csv:3: name: malformed quoting: a quote inside a quoted field must be doubled (\"\")"])
        // A doubled quote is still a quote.
        #expect(errors("id,kind,name,categories,ward,cluster\na-1,group,\"Say \"\"hi\"\"\",food,Shaw,north\n") == [])
    }

    @Test func lineNumbersAreRightForLFCRLFAndCR() {
        let lines = ["# a comment", "id,kind,name,categories,ward,cluster", "a-1,group,Fine,food,Shaw,north",
                     "", "a-2,group,\"Two", "lines\",food,Nowhere,north"]
        for end in ["\n", "\r\n", "\r"] {
            let e = errors(lines.joined(separator: end) + end)
            #expect(e.count == 1 && e[0].hasPrefix("in.csv:5: ward: unknown ward \"Nowhere\""), "\(end.debugDescription): \(e)")
        }
    }

    @Test func aHugeValueIsTooLongNotLookedUp() {
        let huge = String(repeating: "Shaw ", count: 2_000_000)
        let e = errors("id,kind,name,categories,ward,cluster\na-1,group,X,food,\(huge),north\n")
        #expect(e == ["in.csv:2: ward: the value is too long (10000000 bytes; the limit is 10000)"])
        let header = errors("id,kind,name,categories,ward,cluster,\(String(repeating: "x", count: 10_001))\n")
        #expect(header == ["in.csv:1: column 7: the value is too long (10001 bytes; the limit is 10000)"])
    }

    @Test func aStoredHistoryKeepsItsAssetAPlace() throws {
        let stored = try importer.read(try CSVTable.parse("id,kind,name,categories,ward,cluster\npl-x,place,X,food,Shaw,north\n", file: "old.csv"))
        let batch = try importer.read(try CSVTable.parse("id,kind,name,categories,ward,cluster\n\npl-x,group,X,food,Shaw,north\n", file: "new.csv"))
        let kinds = Dictionary(uniqueKeysWithValues: stored.assets.map { ($0.id, $0.kind) })
        #expect(throws: ImportErrors.self) {
            try importer.checkReferences(batch, existing: { kinds[$0] }, stored: stored.assets, storedHistory: ["pl-x"])
        }
        do { try importer.checkReferences(batch, existing: { kinds[$0] }, stored: stored.assets, storedHistory: ["pl-x"]) }
        catch let e as ImportErrors {
            #expect(e.errors.map(\.description) == [
                "new.csv:3: kind: \"pl-x\" cannot become a group: it has a stored transfer or ACV history, which only buildings/places have"])
        }
        // Without a stored history, the same change is fine.
        try importer.checkReferences(batch, existing: { kinds[$0] }, stored: stored.assets, storedHistory: [])
    }

    @Test func invalidUTF8NamesItsLineAndColumn() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-utf8-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: url) }
        var data = Data("id,kind,name,categories,ward,cluster\r\na-1,group,Caf".utf8)
        data.append(contentsOf: [0xE9, 0x2C])   // Latin-1 é, then a comma
        data.append(Data("food,Shaw,north\n".utf8))
        try data.write(to: url)
        #expect(throws: ImportError(file: "bad.csv", line: 2, field: "", message: "not UTF-8 text (an invalid byte at column 14)")) {
            _ = try CSVTable.read(url, displayName: "bad.csv")
        }
    }
}
