// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "assetmap",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "assetmap", targets: ["assetmap"]),
        .library(name: "AssetCatalogue", targets: ["AssetCatalogue"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        .package(url: "https://github.com/pointfreeco/swift-snapshot-testing", from: "1.19.7"),
    ],
    targets: [
        // The library: model, geography, taxonomy, search, store, import/export. No terminal code.
        .target(
            name: "AssetCatalogue",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                // The raw SQLite API, for reading a large catalogue's columns without a value per field.
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        // Terminal-independent UI toolkit: cell buffer, layout, widgets, braille canvas, key table.
        .target(name: "TermUI"),
        // The only code that touches ncursesw.
        .systemLibrary(
            name: "CNCursesW",
            path: "Sources/CNCursesW",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .target(name: "CursesTerminal", dependencies: ["CNCursesW", "TermUI"]),
        // The app: state, messages, update, views.
        .target(name: "AssetMapApp", dependencies: ["AssetCatalogue", "TermUI"]),
        // The executable: argument parsing, wiring, non-interactive subcommands.
        .executableTarget(
            name: "assetmap",
            dependencies: [
                "AssetCatalogue", "AssetMapApp", "TermUI", "CursesTerminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Release benchmarks (`make bench`): catalogue load, index, search, memory, explorer frames.
        .executableTarget(name: "assetmap-bench", dependencies: ["AssetCatalogue", "AssetMapApp", "TermUI"]),
        // Hostile-input harness (`make fuzz`): mutation fuzzing of the importers and the query parser.
        .executableTarget(name: "assetmap-fuzz", dependencies: ["AssetCatalogue"]),
        // The CSV package is the reference the library's own CSV reading is checked against.
        .testTarget(name: "AssetCatalogueTests", dependencies: ["AssetCatalogue", .product(name: "CSV", package: "CSV.swift")]),
        .testTarget(
            name: "TermUITests",
            dependencies: [
                "TermUI",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__"]
        ),
        .testTarget(
            name: "AssetMapAppTests",
            dependencies: [
                "AssetMapApp", "AssetCatalogue", "TermUI",
                .product(name: "SnapshotTesting", package: "swift-snapshot-testing"),
            ],
            exclude: ["__Snapshots__", "Fixtures"]
        ),
        .testTarget(name: "CLITests", dependencies: ["AssetCatalogue", "TermUI"]),
    ],
    swiftLanguageModes: [.v6]
)
