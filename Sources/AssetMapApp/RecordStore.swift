import AssetCatalogue
import Foundation

/// What the explorer needs from the store to change transfer cases and ACV listings. The
/// explorer's state stays a value: `update` hands a form to the store and reloads what it reads,
/// so tests can drive the app against a temporary SQLite store and check what was written.
/// `CatalogueStore` is the real one.
public protocol RecordStore: AnyObject {
    /// True when every write is refused (the store is open read-only).
    var isReadOnly: Bool { get }
    /// Saves a form in one transaction, checked against the version its record was read at.
    /// Throws `WorkflowError`, `ConflictError` or `StoreError`.
    func submit(_ form: FormSpec, values: [String: String], by officer: String, today: LocalDate,
                now: Date) throws -> FormResult
    /// The audit trail of one case or listing, oldest first.
    func auditHistory(of id: String) throws -> [AuditEvent]
    /// The catalogue as stored now (assets, histories, cases and listings) and its index; the
    /// compact columns when `compact` and the index file is current (`CatalogueStore.loadForExplorer`).
    func loadForExplorer(geography: Geography, taxonomy: Taxonomy, compact: Bool) throws -> (Catalogue, SearchIndex)
}

extension CatalogueStore: RecordStore {}

/// Where the explorer reads the pages of a compact catalogue (`Catalogue.hasDetails` false):
/// descriptions, contacts and the rest stay in the store until an asset is shown.
public protocol AssetPages: AnyObject, Sendable {
    /// Whole assets by id, with their links; ids not stored are left out.
    func assets(ids: [String]) throws -> [Asset]
    /// An asset's links as stored: its own, and who links to it (by source id).
    func links(of id: String) throws -> (outgoing: [AssetLink], incoming: [(source: String, relation: LinkRelation)])
}

extension CatalogueStore: AssetPages {}
