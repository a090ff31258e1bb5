import ArgumentParser
import AssetCatalogue
import Foundation

/// Which catalogue to open.
struct CatalogueOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("SQLite catalogue to use.", valueName: "path"))
    var db: String?

    @Flag(name: .long, help: "Open the catalogue read-only: nothing can be changed.")
    var readOnly = false

    var databaseURL: URL { db.map { URL(fileURLWithPath: $0) } ?? AppPaths().defaultDatabase }

    /// A `--db` value that is a URL (`scheme://…`) is never taken for a file path.
    func validate() throws {
        guard let db, let r = db.range(of: "://"), !db[..<r.lowerBound].isEmpty,
              db[..<r.lowerBound].allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }) else { return }
        throw ValidationError("--db \(db): assetmap cannot open a catalogue from a server (a URL); "
                              + "--db takes the path of a SQLite catalogue file, such as ./catalogue.sqlite")
    }

    /// Opens (creating and seeding on first use) and loads the catalogue.
    func open() throws -> (CatalogueStore?, Catalogue) {
        try announcing({ $0.0 }) { try CatalogueStore.openCatalogue(path: databaseURL, readOnly: readOnly, officer: CatalogueStore.loginName) }
    }

    /// Runs an open, saying on stderr when it created a new catalogue where there was none, or
    /// opened the catalogue read-only though it was not asked to (and why).
    func announcing<T>(_ store: (T) -> CatalogueStore?, _ open: () throws -> T) throws -> T {
        let existed = FileManager.default.fileExists(atPath: databaseURL.path)
        let opened = try open()
        if !existed && !readOnly && FileManager.default.fileExists(atPath: databaseURL.path) {
            printError("no catalogue at \(databaseURL.path): created a new one from the default catalogue")
        }
        if let why = store(opened)?.readOnlyReason { printError(why) }
        return opened
    }
}

/// Output format for listing commands.
struct FormatOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON.")
    var json = false

    @Flag(name: .long, help: "Print CSV.")
    var csv = false

    func validate() throws {
        if json && csv { throw ValidationError("choose one of --json and --csv") }
    }
}

/// A failure with a message for stderr and an exit code; ArgumentParser prints `Error: …`.
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

/// Runs a throwing body, turning library errors into clean messages.
func reportingErrors<T>(_ body: () throws -> T) throws -> T {
    do { return try body() }
    catch let e as ImportErrors { throw CLIError(e.description) }
    catch let e as ImportError { throw CLIError(e.description) }
    catch let e as LookupError { throw CLIError(e.description) }
    catch let e as SearchQueryError { throw CLIError(e.description) }
    catch let e as StoreError { throw CLIError(e.description) }
    catch let e as DefaultCatalogue.NotFound { throw CLIError(e.description) }
    catch let e as OutputFile.Failure { throw CLIError(e.description) }
    catch {
        if let words = CatalogueStore.explain(error, path: "the catalogue") { throw CLIError(words) }
        throw error
    }
}
