import ArgumentParser
import AssetCatalogue
import Foundation
import TermUI

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import assets, transfer histories or ACV histories from CSV (or an assetmap JSON export).",
        discussion: """
            The format is in docs/data-format.md. Assets are added or replaced by id. All files are checked \
            first; one error anywhere and nothing is stored. Every error names its file, line and field.
            """)

    @OptionGroup var catalogue: CatalogueOptions
    @Flag(name: .long, help: "Check the files and report what would change, without storing anything.")
    var dryRun = false
    @Option(name: .long, help: "Who is importing, for the change log (default: your login name).")
    var officer: String?
    @Argument(help: "CSV or JSON files.") var files: [String]

    func run() throws {
        try reportingErrors {
            let (store, cat) = try catalogue.open()
            guard let store else { throw CLIError("no catalogue database yet; run without --read-only first") }
            if store.isReadOnly && !dryRun { throw CLIError("the catalogue is open read-only; nothing was imported") }
            let importer = Importer(geography: cat.geography, taxonomy: cat.taxonomy)
            var batch = ImportBatch()
            var errors: [ImportError] = []
            for f in files {
                let url = URL(fileURLWithPath: f)
                guard FileManager.default.fileExists(atPath: url.path) else {
                    errors.append(ImportError(file: f, line: 0, field: "", message: "no such file"))
                    continue
                }
                do {
                    if url.pathExtension.lowercased() == "json" {
                        batch.merge(try JSONImport.read(url, displayName: f, importer: importer))
                    } else {
                        batch.merge(try importer.read(url, displayName: f))
                    }
                } catch let e as ImportErrors { errors += e.errors } catch let e as ImportError { errors.append(e) }
            }
            if errors.isEmpty {
                // The rules hold for the merged catalogue: what is stored is checked against the new kinds too.
                let storedHistory = Set(cat.allTransferEvents.map(\.assetID) + cat.allACVEvents.map(\.assetID)
                                        + cat.transferCases.compactMap { $0.values[.building] })
                do { try importer.checkReferences(batch, existing: { cat.asset(id: $0)?.kind },
                                                  stored: cat.wholeAssets, storedHistory: storedHistory) }
                catch let e as ImportErrors { errors += e.errors }
            }
            if !errors.isEmpty {
                for e in errors { printError(e.description) }
                throw CLIError("\(errors.count) error\(errors.count == 1 ? "" : "s"); nothing was imported")
            }
            let new = batch.assets.filter { cat.asset(id: $0.id) == nil }.count
            func plural(_ n: Int, _ s: String) -> String { "\(n) \(s)\(n == 1 ? "" : "s")" }
            let assetsPart = "\(plural(new, "new asset")), \(batch.assets.count - new) updated"
            if let first = batch.unknownKeys.first {
                let n = batch.unknownKeys.count
                print("\(n) key\(n == 1 ? "" : "s") not read by this assetmap (first: \(Sanitize.text(String(first.prefix(200)))))")
            }
            if batch.trimmed.count > 0 {
                let n = batch.trimmed.count
                print("\(n) value\(n == 1 ? " had" : "s had") spaces trimmed (first: \(batch.trimmed.first ?? ""))")
            }
            if dryRun {
                print("dry run: would import \(assetsPart), up to \(plural(batch.transfers.count, "transfer event")) and "
                      + "\(plural(batch.acv.count, "ACV event")) from \(files.joined(separator: ", ")); nothing was stored")
                return
            }
            let added = try store.apply(batch, by: officer ?? CatalogueStore.loginName, action: "import",
                                        detail: "\(files.joined(separator: ", ")): \(assetsPart)")
            print("imported \(assetsPart), \(plural(added.transfers, "new transfer event")), "
                  + "\(plural(added.acv, "new ACV event")) into \(store.path)")
        }
    }
}

struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the catalogue as JSON (default) or CSV; `import` reads either back.")

    @OptionGroup var catalogue: CatalogueOptions
    @Flag(name: .long, help: "Assets as one CSV (with --dir: assets.csv, transfers.csv and acv.csv).") var csv = false
    @Flag(name: .long, help: "The whole catalogue as one JSON document (the default).") var json = false
    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file"))
    var output: String?
    @Option(name: .long, help: ArgumentHelp("With --csv: write assets.csv, transfers.csv and acv.csv into this folder.", valueName: "dir"))
    var dir: String?

    func validate() throws {
        if csv && json { throw ValidationError("choose one of --json and --csv") }
        if dir != nil && !csv { throw ValidationError("--dir goes with --csv") }
        if dir != nil && output != nil { throw ValidationError("choose one of --dir and --output") }
    }

    func run() throws {
        try reportingErrors {
            let (_, cat) = try catalogue.open()
            if let dir {
                let d = URL(fileURLWithPath: dir)
                do { try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true) } catch {
                    throw CLIError("cannot make the folder \(dir): choose a place you can write")
                }
                try OutputFile.write(Data(Exporter.assetsCSV(cat.wholeAssets, geography: cat.geography).utf8), to: d.appendingPathComponent("assets.csv").path)
                try OutputFile.write(Data(Exporter.transfersCSV(cat.allTransferEvents).utf8), to: d.appendingPathComponent("transfers.csv").path)
                try OutputFile.write(Data(Exporter.acvCSV(cat.allACVEvents).utf8), to: d.appendingPathComponent("acv.csv").path)
                printError("wrote assets.csv, transfers.csv and acv.csv to \(dir)")
                return
            }
            let data = csv ? Data(Exporter.assetsCSV(cat.wholeAssets, geography: cat.geography).utf8) : try Exporter.json(cat)
            if let output {
                try OutputFile.write(data, to: output)
            } else {
                writeStandardOutput(String(decoding: data, as: UTF8.self) + (csv ? "" : "\n"))
            }
        }
    }
}
