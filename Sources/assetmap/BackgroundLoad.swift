import AssetCatalogue
import CursesTerminal
import Foundation

/// Loads the catalogue (its compact columns, with the index file when current:
/// `CatalogueStore.loadForExplorer`) on a thread of its own, then wakes the run loop
/// (which delivers `.tick`; `RememberingMapSettings` then hands the result to the explorer).
/// The thread never blocks exit: quitting returns from `main` and the process ends with it.
final class BackgroundLoad: @unchecked Sendable {
    enum Outcome { case loaded(Catalogue, SearchIndex), failed(String) }
    private let lock = NSLock()
    private var outcome: Outcome?

    init(store: CatalogueStore, geography: Geography, taxonomy: Taxonomy, waker: TerminalWaker) {
        let thread = Thread { [self] in
            let result: Outcome
            do {
                let (cat, index) = try store.loadForExplorer(geography: geography, taxonomy: taxonomy, compact: true)
                result = .loaded(cat, index)
            } catch {
                result = .failed("could not load the catalogue: \(error)")
            }
            lock.lock()
            outcome = result
            lock.unlock()
            waker.wake()
        }
        thread.name = "assetmap.load"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The outcome once it is there (given once).
    func take() -> Outcome? {
        lock.lock()
        defer { lock.unlock() }
        let o = outcome
        outcome = nil
        return o
    }
}
