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

    /// Opens (creating and seeding on first use) and loads the catalogue.
    func open() throws -> (CatalogueStore?, Catalogue) {
        try CatalogueStore.openCatalogue(path: databaseURL, readOnly: readOnly, officer: CatalogueStore.loginName)
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
}
