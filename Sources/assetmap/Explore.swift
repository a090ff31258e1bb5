import ArgumentParser
import AssetCatalogue
import AssetMapApp
import CursesTerminal
import Foundation
import TermUI

struct Explore: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Open the full-screen explorer (what plain `assetmap` does).",
        discussion: "Browse by cluster, ward, district, category and kind; / searches across everything; ? lists every key.")

    @OptionGroup var catalogue: CatalogueOptions

    @Option(name: .long, help: "Who makes changes to transfer cases and ACV listings, for the audit trail (default: your login name).")
    var officer: String?

    @Flag(name: .long, help: "Accessible mode for screen readers and Braille displays: the real cursor on the focused row or field, list rows that start with their name, the map as a table of wards, no tour (also ASSETMAP_ACCESSIBLE=1, or `accessible = true` in the config file).")
    var accessible = false

    /// The config file, the environment and `--accessible`, in rising precedence.
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ExplorerSettings {
        let file = ExplorerSettings.file(in: AppPaths(environment: environment))
        let text: String?
        do { text = try String(contentsOf: file, encoding: .utf8) } catch CocoaError.fileReadNoSuchFile { text = nil }
        catch { throw CLIError("\(file.path): cannot be read: \(error.localizedDescription)") }
        do {
            return try ExplorerSettings.resolve(configText: text, configFile: file.path, environment: environment,
                                                accessibleFlag: accessible)
        } catch let e as ExplorerSettings.ConfigError { throw CLIError(e.description) }
    }

    func run() throws {
        let settings = try settings()
        // The terminal is checked first: with no usable terminal nothing is loaded or written.
        let term: CursesTerminal
        do { term = try CursesTerminal.open() } catch {
            printError(error.message())
            throw ExitCode(2)
        }
        let opened: LaunchOpen
        do {
            opened = try reportingErrors {
                try CatalogueStore.openForLaunch(path: catalogue.databaseURL, readOnly: catalogue.readOnly,
                                                 officer: CatalogueStore.loginName)
            }
        } catch {
            term.close()
            throw error
        }
        // Writes to cases and listings go through the store; read-only (or no store) writes nothing.
        var app: Explorer, loader: BackgroundLoad?
        switch opened {
        case .loaded(let store, let cat):
            app = Explorer(catalogue: cat, readOnly: store?.isReadOnly ?? true, store: store,
                           officer: officer ?? CatalogueStore.loginName, today: Clock.today, accessible: settings.accessible)
            loader = nil
        case .preview(let store, let preview, let geo, let tax):
            // Large catalogue (LaunchPreview.swift): draw the first page now, load the rest meanwhile.
            app = Explorer.preview(preview, readOnly: store.isReadOnly, store: store,
                                   officer: officer ?? CatalogueStore.loginName, today: Clock.today,
                                   accessible: settings.accessible)
            loader = BackgroundLoad(store: store, geography: geo, taxonomy: tax, waker: term.waker)
        }
        // A compact catalogue's pages (descriptions, contacts …) are read from the store when shown.
        if case .preview(let store, _, _, _) = opened { app.pages = store }
        app.size = term.size
        let code = runExplorer(&app, term: term, loader: loader)  // MapCommands.swift: remembered map settings
        term.close()
        // A first launch's seed (LaunchPreview.swift) is written in full even when quitting at once.
        if case .loaded(let store?, _) = opened { try reportingErrors { try store.finishSeeding() } }
        if code != 0 { throw ExitCode(code) }
    }
}

/// Prints docs/keys.md from the live key table.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print every key of the explorer as Markdown (docs/keys.md is this output).")

    func run() throws { print(ExplorerKeys.markdown, terminator: "") }
}
