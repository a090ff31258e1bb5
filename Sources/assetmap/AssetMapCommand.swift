import ArgumentParser
import AssetCatalogue
import Foundation

@main
struct AssetMapCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assetmap",
        abstract: "Explore Oldham's community assets: groups, activities, buildings and community anchors.",
        discussion: """
            With no subcommand, opens the full-screen explorer. The catalogue lives in \
            $XDG_DATA_HOME/assetmap/catalogue.sqlite (ASSETMAP_HOME overrides; --db picks another file) and is \
            seeded from the illustrative default catalogue on first use.

            Shell completions: assetmap --generate-completion-script bash|zsh|fish
            """,
        version: CatalogueStore.version,
        subcommands: [Explore.self, Search.self, List.self, Show.self, Wards.self, Clusters.self, Districts.self, Categories.self,
                      Import.self, Export.self, Keys.self, Boundaries.self, Locate.self, Transfer.self, ACV.self,
                      MapCommand.self, Present.self],
        defaultSubcommand: Explore.self)

    /// A first word that names no command (the explorer takes no words) is said to be one, before
    /// any usage text; everything else is ArgumentParser's.
    static func main() {
        // Over a file-size limit a write fails (EFBIG), to be reported, rather than killing us.
        _ = signal(SIGXFSZ, SIG_IGN)
        let names = (configuration.subcommands.map { $0._commandName } + ["help"])
        if let first = CommandLine.arguments.dropFirst().first, !first.hasPrefix("-"), !names.contains(first) {
            printError("Error: unknown command '\(first)'. The commands are: \(names.dropLast().joined(separator: ", ")).")
            printError("See 'assetmap --help'.")
            Foundation.exit(ExitCode.validationFailure.rawValue)
        }
        main(nil)
    }
}
