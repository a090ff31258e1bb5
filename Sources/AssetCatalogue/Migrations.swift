import GRDB

/// The store's schema, one migration per step, applied in this order. A migration, once
/// shipped, is never edited: changes are new migrations at the end.
extension CatalogueStore {
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1: assets, links, histories, change log", migrate: migrateV1)
        m.registerMigration("v2: ward boundaries", migrate: migrateV2)
        m.registerMigration("v3: transfer cases, ACV listings and audit events", migrate: migrateV3)
        m.registerMigration("v4-generation: change generation for the persisted search index", migrate: migrateV4Generation)
        m.registerMigration("v5-name-order: an index for the launch preview's first page", migrate: migrateV5NameOrder)
        return m
    }

    static func migrateV1(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL);
            CREATE TABLE asset (
                seq INTEGER PRIMARY KEY,
                id TEXT NOT NULL UNIQUE,
                kind TEXT NOT NULL CHECK (kind IN ('group','activity','place','anchor')),
                name TEXT NOT NULL,
                description TEXT NOT NULL DEFAULT '',
                categories TEXT NOT NULL,
                ward TEXT NOT NULL,
                cluster TEXT NOT NULL,
                postcode TEXT NOT NULL DEFAULT '',
                address TEXT NOT NULL DEFAULT '',
                lat REAL, lon REAL,
                email TEXT NOT NULL DEFAULT '',
                phone TEXT NOT NULL DEFAULT '',
                website TEXT NOT NULL DEFAULT '',
                verified TEXT,
                source TEXT NOT NULL DEFAULT '',
                days TEXT NOT NULL DEFAULT '',
                times TEXT NOT NULL DEFAULT '',
                frequency TEXT NOT NULL DEFAULT '',
                min_age INTEGER, max_age INTEGER,
                audience TEXT NOT NULL DEFAULT '',
                cost TEXT NOT NULL DEFAULT '',
                how_to_join TEXT NOT NULL DEFAULT '',
                owner TEXT,
                facilities TEXT NOT NULL DEFAULT '',
                capacity INTEGER
            );
            CREATE INDEX asset_ward ON asset(ward);
            CREATE TABLE link (
                source TEXT NOT NULL REFERENCES asset(id) ON DELETE CASCADE,
                relation TEXT NOT NULL,
                target TEXT NOT NULL,
                position INTEGER NOT NULL,
                PRIMARY KEY (source, relation, target)
            ) WITHOUT ROWID;
            CREATE INDEX link_target ON link(target);
            CREATE TABLE transfer_event (
                seq INTEGER PRIMARY KEY,
                asset TEXT NOT NULL REFERENCES asset(id),
                date TEXT NOT NULL,
                state TEXT NOT NULL,
                stage TEXT,
                tenure TEXT,
                note TEXT NOT NULL DEFAULT '',
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL
            );
            CREATE INDEX transfer_event_asset ON transfer_event(asset);
            CREATE TABLE acv_event (
                seq INTEGER PRIMARY KEY,
                asset TEXT NOT NULL REFERENCES asset(id),
                date TEXT NOT NULL,
                state TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                recorded_at TEXT NOT NULL,
                recorded_by TEXT NOT NULL
            );
            CREATE INDEX acv_event_asset ON acv_event(asset);
            CREATE TABLE change_log (
                seq INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                by TEXT NOT NULL,
                action TEXT NOT NULL,
                detail TEXT NOT NULL
            );
            """)
    }
}
