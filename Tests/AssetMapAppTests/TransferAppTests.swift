import AssetCatalogue
@testable import AssetMapApp
import Foundation
import SnapshotTesting
import TermUI
import Testing

/// Transfer cases and ACV listings inside the explorer, against a real temporary SQLite store
/// holding the fixture catalogue (its imported histories give cat-1 at business case for Shaw
/// Community Hall and acv-1, listed, for Failsworth Pavilion). Dates and clocks are fixed.
enum RecordsFixture {
    static let today = LocalDate(iso: "2026-03-02")!
    static let clock = ISO8601DateFormatter().date(from: "2026-03-02T10:15:00Z")!

    /// A new database with the fixture catalogue and the records derived from its histories.
    static func database() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assetmap-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("c.sqlite").path
        let store = try CatalogueStore(path: path)
        let c = AppFixture.catalogue
        var b = ImportBatch()
        b.assets = c.wholeAssets
        b.transfers = c.allTransferEvents
        b.acv = c.allACVEvents
        try store.apply(b, by: "setup", action: "import", detail: "fixture", name: c.name, now: clock)
        try store.deriveTransferRecordsIfNeeded(by: "setup", now: clock)
        return path
    }

    static func explorer(_ store: CatalogueStore, size: Size = Size(100, 30), officer: String = "alice",
                         readOnly: Bool = false) throws -> Explorer {
        let cat = try store.load(geography: AppFixture.catalogue.geography, taxonomy: AppFixture.catalogue.taxonomy)
        var e = Explorer(catalogue: cat, readOnly: readOnly, store: store, officer: officer, today: today)
        e.now = { clock }
        _ = e.update(.resize(size))
        return e
    }

    /// Everything a write could touch: the audit trail, the records and the building histories.
    static func state(_ store: CatalogueStore) throws -> String {
        let cat = try store.load(geography: AppFixture.catalogue.geography, taxonomy: AppFixture.catalogue.taxonomy)
        let audit = try store.auditTrail().map { "\($0.seq) \($0.entity) v\($0.version) \($0.field) \($0.old)→\($0.new)" }
        let cases = cat.transferCases.map { "\($0.id) v\($0.version) \($0.values.sorted { $0.key < $1.key })" }
        let listings = cat.acvListings.map { "\($0.id) v\($0.version) \($0.values.sorted { $0.key < $1.key })" }
        let history = cat.allTransferEvents.map { "\($0.assetID) \($0.date) \($0.state.rawValue) \($0.note)" }
            + cat.allACVEvents.map { "\($0.assetID) \($0.date) \($0.state.rawValue) \($0.note)" }
        return (audit + cases + listings + history).joined(separator: "\n")
    }
}

extension Explorer {
    /// Types into the focused form field after clearing it (Ctrl-U).
    mutating func fill(_ text: String) { send(Key.ctrl("u"), text) }

    mutating func focusField(_ id: String) {
        guard let f = records.form, let i = f.spec.fields.firstIndex(where: { $0.id == id }) else {
            Issue.record("no field \(id)"); return
        }
        while records.form?.focus != i { send(Key.tab) }
    }
}

@Suite struct TransferAppSnapshotTests {
    @Test func transfersTabAndPipeline() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store, size: Size(100, 30))
        e.send("1", "[")   // the Transfers tab is the last one
        #expect(e.navTab == .transfers)
        assertSnapshot(of: e.frame(), as: .lines, named: "tab")
        e.send("T")
        assertSnapshot(of: e.frame(), as: .lines, named: "pipeline")
    }

    @Test func newCaseFormWithInlineValidation() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store, size: Size(100, 30))
        e.send("T", "n", "pl-nowhere", Key.tab, "Friends of Glodwick", Key.tab, Key.tab, Key.right, Key.right, Key.tab,
               "Jo Smith", Key.tab)
        e.fill("1/3/2026")
        assertSnapshot(of: e.frame(), as: .lines)
        let f = try #require(e.records.form)
        #expect(f.shownMessages(for: "building").contains { $0.contains("no building named “pl-nowhere”") })
        #expect(f.shownMessages(for: "applicant") == ["no group named “Friends of Glodwick”: type part of its name and choose it from the list"])
        #expect(f.values["tenure-sought"] == "management-agreement")
    }

    /// The applicant's picker open under the field: groups and anchors matching "shaw", the first highlighted.
    @Test func applicantPickerOpen() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store, size: Size(100, 30))
        e.send("T", "n", "pl-glodwick-centre", Key.tab, "shaw", Key.down)
        assertSnapshot(of: e.frame(), as: .lines)
    }

    @Test func moveFormAsksForAReasonToGoBack() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store, size: Size(100, 30))
        e.send("T", Key.enter, "o")
        assertSnapshot(of: e.frame(), as: .lines, named: "menu")
        e.send("j", Key.enter)   // cat-1 is at business case: the second move is back to screening
        #expect(e.records.form?.spec.kind == .moveCase(.screening))
        e.send(Key.ctrl("s"))
        assertSnapshot(of: e.frame(), as: .lines, named: "form")
    }

    @Test func caseViewHistoryAndDetailPane() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store, size: Size(100, 30))
        e.send("T", Key.enter)
        assertSnapshot(of: e.frame(), as: .lines, named: "case")
        e.send("h")
        assertSnapshot(of: e.frame(), as: .lines, named: "history")
        e.send("q", Key.enter)   // back to the case; Enter shows its building in the detail pane
        #expect(e.detail?.assetID == "pl-shaw-hall" && e.mode == .browse)
        assertSnapshot(of: e.frame(), as: .lines, named: "detail")
    }

    @Test func acvListingScreenAndNoticeForm() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store, size: Size(100, 30))
        e.send("T", "v")
        assertSnapshot(of: e.frame(), as: .lines, named: "listings")
        e.send(Key.enter, "a")
        let items = try #require(e.records.menu).items.map(\.item)
        #expect(items == [.acv("notify-disposal"), .acv("remove")])
        e.send(Key.enter)
        e.fill("today-14")
        assertSnapshot(of: e.frame(), as: .lines, named: "notice")
    }

    @Test func conflictIsShownInTheForm() throws {
        let path = try RecordsFixture.database()
        let mine = try CatalogueStore(path: path), theirs = try CatalogueStore(path: path)
        var alice = try RecordsFixture.explorer(mine, officer: "alice")
        var bob = try RecordsFixture.explorer(theirs, officer: "bob")
        alice.send("T", Key.enter, "e")
        alice.focusField("rent")
        alice.fill("£900")
        bob.send("T", Key.enter, "e")
        bob.focusField("lead-officer")
        bob.fill("Priya")
        bob.send(Key.ctrl("s"))
        #expect(bob.records.form == nil && bob.message?.contains("saved cat-1") == true)
        let afterBob = try RecordsFixture.state(mine)
        alice.send(Key.ctrl("s"))
        assertSnapshot(of: alice.frame(), as: .lines)
        #expect(try RecordsFixture.state(mine) == afterBob, "the conflicting save wrote nothing")
        let conflict = try #require(alice.records.form?.conflict)
        #expect(conflict.changedFields.map(\.field) == ["lead-officer"] && conflict.changedFields[0].by == ["bob"])
        // Ctrl-R re-reads the case keeping what alice typed; only her explicit save writes, on top of bob's.
        alice.send(Key.ctrl("r"))
        let reread = try #require(alice.records.form)
        #expect(reread.conflict == nil && reread.spec.expectedVersion == conflict.currentVersion)
        #expect(reread.values["rent"] == "£900" && reread.values["lead-officer"] == "Priya")
        #expect(try RecordsFixture.state(mine) == afterBob)
        alice.send(Key.ctrl("s"))
        let c = try mine.transferCase("cat-1")
        #expect(c.rent == Money.parse("£900") && c.leadOfficer == "Priya")
        #expect(try mine.auditHistory(of: "cat-1").suffix(2).map { "\($0.by) \($0.field)" } == ["bob lead-officer", "alice rent"])
    }
}

@Suite struct TransferAppBehaviourTests {
    @Test func createAdvanceTwiceAndReadTheHistoryInTheApp() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        e.send("T", "n", "pl-glodwick-centre", Key.tab, "Shaw Striders", Key.tab, Key.tab, Key.tab, "Jo Smith", Key.ctrl("s"))
        let created = try #require(store.transferCases().last)
        #expect(created.id == "cat-2" && e.message == "saved cat-2 (version \(created.version)) by alice")
        #expect(e.records.screens.last == .caseView(id: "cat-2", scroll: 0))
        e.send("a", Key.ctrl("s"), "a", Key.ctrl("s"))
        let c = try store.transferCase("cat-2")
        #expect(c.stage == .screening && c.leadOfficer == "Jo Smith" && c.applicant == "grp-shaw-walkers")
        e.send("h")
        guard case .history(_, let events, _) = e.records.screens.last else { Issue.record("no history"); return }
        #expect(events == (try store.auditHistory(of: "cat-2")))
        #expect(events.filter { $0.field == "stage" }.map(\.new) == ["enquiry", "expression-of-interest", "screening"])
        #expect(events.allSatisfy { $0.by == "alice" })
        #expect(e.screenText.contains("stage: expression-of-interest → screening"))
        // The explorer's catalogue follows: the building's detail pane and the Transfers tab.
        e.send("q", Key.enter)
        #expect(e.screenText.contains("cat-2 · Screening since 2026-03-02"))
        e.send("1", "[")
        let screening = try #require(e.navRows.first { $0.path.last?.key == "stage:screening" })
        #expect(screening.count == 1)
        #expect(e.navRows.first { $0.path.last?.key == "all" }?.count == 2)
    }

    /// `T` opens the pipeline from every focus: the map's, and every records screen's.
    @Test func transfersKeyWorksFromEveryFocus() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        e.send("m")
        #expect(e.context == .map)
        e.send("T")
        #expect(e.context == .cases, "T on the map")
        e.send("v")
        #expect(e.context == .listings)
        e.send("T")
        #expect(e.context == .cases, "T on the ACV listings")
        e.send(Key.enter, "h")
        #expect(e.context == .history)
        e.send("T")
        #expect(e.context == .cases, "T on a history")
        e.send(Key.enter)
        #expect(e.context == .caseView)
        e.send("T")
        #expect(e.context == .cases, "T on a case")
    }

    /// The applicant is chosen from the catalogue by typing part of its name: a short list of the
    /// matching groups and anchors (never buildings) from the search index, ↑/↓ to move, Enter or Tab takes.
    @Test func applicantIsChosenFromTheCatalogueWithTypeAhead() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        e.send("T", "n", "pl-glodwick-centre", Key.tab, "shaw")
        #expect(e.context == .picker)
        let p = try #require(e.records.form?.picker)
        #expect(Set(p.entries.map(\.id)) == ["grp-shaw-walkers", "grp-food-network", "anc-shaw-hub"])
        #expect(e.screenText.contains("Shaw Striders") && e.screenText.contains("Shaw Community Anchor"))
        let target = p.entries[1].id
        e.send(Key.down, Key.down, Key.up)
        #expect(e.records.form?.picker?.selected == 1)
        e.send(Key.enter)
        let f = try #require(e.records.form)
        #expect(f.picker == nil && f.focusedField.id == "owner", "taken: on to the next field")
        #expect(f.values["applicant"] == e.catalogue.asset(id: target)?.name)
        #expect(e.screenText.contains("= \(target)"))
        e.send(Key.ctrl("s"))
        #expect(try store.transferCase("cat-2").applicant == target)
    }

    /// Tab takes too; typing a group's exact name (any letter case) links it without the list.
    @Test func tabTakesAndTheExactNameLinks() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        e.send("T", "n", "pl-glodwick-centre", Key.tab, "strid", Key.tab)
        #expect(e.records.form?.values["applicant"] == "Shaw Striders" && e.records.form?.focusedField.id == "owner")
        e.send(Key.ctrl("s"))
        #expect(try store.transferCase("cat-2").applicant == "grp-shaw-walkers")
        e.send("T", "n", "pl-uppermill-library", Key.tab, "saddleworth GROWERS", Key.ctrl("s"))
        #expect(try store.transferCase("cat-3").applicant == "grp-saddleworth-growers")
    }

    /// A value that names no group says so (not "required"), and nothing is saved.
    @Test func anApplicantThatNamesNothingSaysSo() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        let before = try RecordsFixture.state(store)
        e.send("T", "n", "pl-glodwick-centre", Key.tab, "Friends of Nowhere")
        #expect(e.records.form?.picker == nil, "nothing matches: no list")
        e.send(Key.ctrl("s"))
        #expect(e.records.form?.shownMessages(for: "applicant") == ["no group named “Friends of Nowhere”: type part of its name and choose it from the list"])
        #expect(e.screenText.contains("no group named “Friends of Nowhere”"))
        #expect(try RecordsFixture.state(store) == before)
    }

    /// Esc closes the list and keeps the typing; a second Esc cancels the form. The ACV
    /// nominator is offered the same list, and keeps the taken group's name (free text).
    @Test func escClosesTheListAndTheNominatorPicksToo() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        e.send("T", "n", "pl-glodwick-centre", Key.tab, "shaw", Key.escape)
        #expect(e.records.form?.picker == nil && e.records.form?.values["applicant"] == "shaw")
        e.send(Key.escape)
        #expect(e.records.form == nil)
        e.send("q", ":", "open pl-uppermill-library", Key.enter, "v", Key.tab, "growers")
        #expect(e.records.form?.picker?.entries.map(\.id) == ["grp-saddleworth-growers"])
        e.send(Key.enter, "c", Key.ctrl("s"))
        #expect(try store.acvListing("pl-uppermill-library").nominator == "Saddleworth Growers")
    }

    /// The pipeline's stage labels are whole at every width that shows it ("Expression of interest", not "…inter…").
    @Test func pipelineLabelsAreNotCut() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        for width in [72, 80, 100, 132] {
            var e = try RecordsFixture.explorer(store, size: Size(width, 30))
            e.send("T")
            #expect(e.screenText.contains("2 Expression of interest"), "width \(width)")
            #expect(e.screenText.contains("8 Legal completion"), "width \(width)")
        }
    }

    /// The advance form's note is saved with the move and the case view shows it in full.
    @Test func advanceWithANoteThenReadItInTheCase() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        e.send("T", "n", "pl-glodwick-centre", Key.tab, "Shaw Striders", Key.ctrl("s"))
        e.send("a")
        e.focusField("note")
        let note = "Met the trustees on site; they will send the survey and the accounts before the end of the month"
        e.send(note, Key.ctrl("s"))
        let c = try store.transferCase("cat-2")
        #expect(c.stage == .expressionOfInterest && c.notes.map(\.text) == [note])
        #expect(e.records.screens.last == .caseView(id: "cat-2", scroll: 0))
        let screen = e.screenText.replacingOccurrences(of: "\n", with: " ").split(separator: " ").joined(separator: " ")
        #expect(screen.contains("Met the trustees on site") && screen.contains("month"), "the note in full")
    }

    /// Enter on a form's last field stays there and says how to save; it does not wrap to the first.
    @Test func enterOnTheLastFieldSaysHowToSave() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        e.send("T", "n")
        let n = try #require(e.records.form?.spec.fields.count)
        for _ in 1..<n { e.send(Key.enter) }
        #expect(e.records.form?.focus == n - 1)
        e.send(Key.enter)
        #expect(e.records.form?.focus == n - 1, "Enter on the last field does not wrap")
        #expect(e.message?.contains("Ctrl-S open case") == true)
        #expect(e.screenText.contains("Ctrl-S open case"))
        #expect(try store.transferCases().count == 1, "nothing saved")
    }

    /// Enter on a history entry opens the whole change: reason, note and every field, not cut.
    @Test func enterOnAHistoryEntryOpensTheWholeChange() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        e.send("T", "n", "pl-glodwick-centre", Key.tab, "Shaw Striders", Key.ctrl("s"), "a")
        e.focusField("reason")
        e.send("The trustees asked us to move now; their board meets on the first Monday of next month")
        e.focusField("note")
        e.send("Met the trustees on site; they will send the survey and the accounts before the end of the month", Key.ctrl("s"))
        e.send("h", "G", Key.enter)
        guard case .change(let id, let events, _) = e.records.screens.last else { Issue.record("no change screen"); return }
        #expect(id == "cat-2" && events.allSatisfy { $0.action == "advance" } && events.contains { $0.field == "note" })
        #expect(e.context == .history)
        let text = e.screenText
        #expect(text.contains("stage") && text.contains("enquiry → expression-of-interest"))
        #expect(text.contains("Monday") && text.contains("month"), "the reason and the note in full")
        e.send("q")
        guard case .history = e.records.screens.last else { Issue.record("q goes back to the history"); return }
    }

    @Test func escCancelsAndNothingIsSaved() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        let before = try RecordsFixture.state(store)
        e.send("T", "n", "pl-glodwick-centre", Key.escape)
        e.send(Key.enter, "e", Key.tab, "changed", Key.escape, "N", "a note", Key.escape, "a", Key.escape)
        #expect(e.records.form == nil && e.message == "cancelled: nothing was saved")
        #expect(try RecordsFixture.state(store) == before)
    }

    @Test func datesAcceptEveryFormAndSaveCanonically() throws {
        for (typed, saved) in [("2026-03-20", "2026-03-20"), ("20/3/2026", "2026-03-20"), ("today+14", "2026-03-16"), ("+2w", "2026-03-16")] {
            let store = try CatalogueStore(path: RecordsFixture.database())
            var e = try RecordsFixture.explorer(store)
            e.send("T", Key.enter, "e")
            e.focusField("target-date")
            e.fill(typed)
            #expect(e.records.form?.shownMessages(for: "target-date") == [], "\(typed)")
            #expect(e.screenText.contains(typed == saved ? saved : "= \(saved)"), "\(typed)")
            e.send(Key.ctrl("s"))
            #expect(try store.transferCase("cat-1")[.targetDate] == saved, "\(typed)")
        }
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        e.send("T", Key.enter, "e")
        e.focusField("target-date")
        e.fill("31/2/2026")
        #expect(e.records.form?.shownMessages(for: "target-date").first?.contains("February 2026 has 28 days") == true)
        let before = try RecordsFixture.state(store)
        e.send(Key.ctrl("s"))
        let after = try RecordsFixture.state(store)
        #expect(e.records.form?.error?.contains("Not saved") == true && after == before)
    }

    @Test func forwardMovesCheckTheStageAndGoingBackNeedsAReason() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        let before = try RecordsFixture.state(store)
        // cat-1 is at business case (derived, incomplete): assessment needs applicant, lead officer, documents.
        e.send("T", Key.enter, "a", Key.ctrl("s"))
        let f = try #require(e.records.form)
        #expect(f.spec.kind == .moveCase(.assessment))
        for id in ["applicant", "lead-officer", "tenure-sought", "documents"] { #expect(!f.shownMessages(for: id).isEmpty, "\(id)") }
        #expect(try RecordsFixture.state(store) == before)
        e.focusField("tenure-sought"); e.send(Key.right, Key.right, Key.right, Key.right, Key.right)   // room hire → … → long lease
        #expect(e.records.form?.values["tenure-sought"] == "long-lease")
        e.focusField("applicant"); e.fill("Shaw Community Anchor")
        e.focusField("lead-officer"); e.fill("Sam")
        e.focusField("documents"); e.fill("BC-2026-01 business case")
        e.send(Key.ctrl("s"))
        let advanced = try store.transferCase("cat-1")
        #expect(e.records.form == nil && advanced.stage == .assessment && advanced.applicant == "anc-shaw-hub")
        // Back a stage: the reason is required.
        e.send("o")
        let back = try #require(e.records.menu?.items.firstIndex { $0.item == .move(.businessCase) })
        for _ in 0..<back { e.send("j") }
        e.send(Key.enter, Key.ctrl("s"))
        #expect(e.records.form?.shownMessages(for: "reason") == ["required"])
        e.focusField("reason"); e.fill("business case needs a budget")
        e.send(Key.ctrl("s"))
        let c = try store.transferCase("cat-1")
        #expect(c.stage == .businessCase)
        #expect(try store.auditHistory(of: "cat-1").last { $0.field == "stage" }?.reason == "business case needs a budget")
    }

    @Test func undoIsACompensatingChange() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        e.send("T", Key.enter, "e")
        e.focusField("rent"); e.fill("peppercorn")
        e.send(Key.ctrl("s"))
        #expect(e.records.form == nil, "\(e.records.form?.error ?? "") \(e.records.form?.messages ?? [])")
        #expect(try store.transferCase("cat-1")[.rent] == "£0")
        let earlier = try store.auditHistory(of: "cat-1")
        e.send("u", Key.ctrl("s"))
        #expect(e.records.form == nil, "\(e.records.form?.error ?? "") \(e.records.form?.messages ?? [])")
        let events = try store.auditHistory(of: "cat-1")
        #expect(try store.transferCase("cat-1")[.rent] == "")
        #expect(events.count == earlier.count + 1 && events.last?.action == "undo" && events.last?.old == "£0")
        #expect(Array(events.prefix(earlier.count)) == earlier, "nothing earlier was rewritten")
    }

    @Test func acvNoticeAndRequestToBidComputeTheMoratoriums() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        e.send("T", "v", Key.enter, "a", Key.enter)
        e.fill("1/2/2026")
        e.send(Key.ctrl("s"))
        var l = try store.acvListing("acv-1")
        #expect(l.noticeDate == LocalDate(iso: "2026-02-01") && l.phase(today: RecordsFixture.today) == .interimMoratorium)
        #expect(e.screenText.contains("2026-03-15 (6 weeks)") && e.screenText.contains("2027-08-01 (18 months"))
        #expect(e.acvDue.map(\.kind) == [.interimMoratoriumEnds])
        e.send("a")
        #expect(e.records.menu?.items.map(\.item).contains(.acv("bid-request")) == true)
        let i = try #require(e.records.menu?.items.firstIndex { $0.item == .acv("bid-request") })
        for _ in 0..<i { e.send("j") }
        e.send(Key.enter, "Failsworth Community Sports", Key.ctrl("s"))
        l = try store.acvListing("acv-1")
        #expect(l.phase(today: RecordsFixture.today) == .fullMoratorium && l.timeline.fullMoratoriumEnds == LocalDate(iso: "2026-08-01"))
        #expect(e.screenText.contains("to 2026-08-01 (6 months from the notice)"))
        e.send("q")
        #expect(e.screenText.contains("Full moratorium"))
    }

    @Test func nominationFromABuildingsDetailPane() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store, size: Size(132, 50))
        e.send(":", "open pl-uppermill-library", Key.enter, "v")
        let f = try #require(e.records.form)
        #expect(f.spec.kind == .nominate && f.values["building"] == "pl-uppermill-library")
        e.send(Key.tab, "Friends of Uppermill Library", Key.tab, "c", Key.ctrl("s"))
        let l = try store.acvListing("pl-uppermill-library")
        #expect(l.nominatorKind == .communityGroup && l.status == .nominated && l.timeline.decisionDue == LocalDate(iso: "2026-04-27"))
        e.send("q")
        #expect(e.withRecordStatus(AssetDetails.fields(of: e.detailAsset!, in: e.catalogue), of: e.detailAsset!)
            .contains { $0 == ("ACV now", "Awaiting decision (due 2026-04-27)") })
        #expect(e.screenText.contains("ACV now       Awaiting decision (due"))
        // The decision, from the listing: a choice list (a letter picks an option); a date in the future is refused.
        e.send("v", "a")
        #expect(e.records.menu?.items.map(\.item) == [.acv("decide")])
        e.send(Key.enter, "n")
        #expect(e.records.form?.values["decision"] == "not-listed")
        e.send("l", Key.tab)
        e.fill("today+7")
        e.send(Key.ctrl("s"))
        #expect(e.screenText.contains("cannot be in the future (2026-03-09)"))
        #expect(e.records.form?.shownMessages(for: "date") == ["cannot be in the future (2026-03-09)"])
        #expect(try store.acvListing("pl-uppermill-library").status == .nominated)
        e.fill("2/3/2026")
        e.send(Key.ctrl("s"))
        #expect(e.records.form == nil, "\(e.records.form?.error ?? "") \(e.records.form?.messages ?? [])")
        let decided = try store.acvListing("pl-uppermill-library")
        #expect(decided.status == .listed && decided.decisionDate == LocalDate(iso: "2026-03-02"))
        #expect(decided.timeline.listingEnds == LocalDate(iso: "2031-03-02"))
        #expect(e.screenText.contains("Listed until 2031-03-02"))
    }

    /// Presentation mode names no one: the lead officer, the officers in notes and the history,
    /// and ACV nominators and bidders are hidden on every records screen and in the detail pane.
    @Test func presentationModeHidesPeoplesNames() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store, officer: "Officer Quill")
        e.send("T", "n", "pl-glodwick-centre", Key.tab, "Shaw Striders", Key.tab, Key.tab, Key.tab, "Jo Smith", Key.ctrl("s"))
        e.send("N", "Site visit booked", Key.ctrl("s"))
        let id = try #require(store.transferCases().last?.id)
        // The same screens with and without presentation mode: the names show only without it.
        // From the new case's building: its detail pane, its case (t), the case's history (h),
        // and the Transfers tab's pipeline and the ACV listings.
        let routes: [[Any]] = [[":", "open pl-glodwick-centre", Key.enter], [":", "open pl-glodwick-centre", Key.enter, "t"],
                               [":", "open pl-glodwick-centre", Key.enter, "t", "h"], ["T"], ["T", "v"], ["T", "v", Key.enter],
                               ["T", "v", Key.enter, "h"]]
        func screens(presenting: Bool) throws -> String {
            var base = try RecordsFixture.explorer(store, size: Size(160, 45))
            if presenting { base.hideContacts = true }
            var all: [String] = []
            for route in routes {
                var s = base
                for k in route { s.send(k) }
                all.append(s.screenText)
            }
            return all.joined(separator: "\n")
        }
        let shown = try screens(presenting: false), hidden = try screens(presenting: true)
        #expect(shown.contains("Jo Smith") && shown.contains("Officer Quill"), "the names are on the screens to begin with")
        #expect(shown.contains(id))
        for name in ["Jo Smith", "Officer Quill", "alice", "setup"] {
            #expect(!hidden.contains(name), "\(name) shown in presentation mode")
        }
        #expect(hidden.contains("(hidden)") && !hidden.contains("Site visit booked") && hidden.contains("note, hidden"))
    }

    /// Read-only and presentation mode: every key of the table, in every context the app can
    /// reach, then Ctrl-S, Enter and y — the database never changes and no form ever opens.
    @Test(arguments: ["read-only", "presentation", "read-only store"])
    func readOnlyAndPresentationModesCannotWrite(mode: String) throws {
        let path = try RecordsFixture.database()
        let writable = try CatalogueStore(path: path)
        let before = try RecordsFixture.state(writable)
        let store = mode == "read-only store" ? try CatalogueStore(path: path, readOnly: true) : writable
        var start = try RecordsFixture.explorer(store, readOnly: mode == "read-only")
        if mode == "presentation" { start.hideContacts = true }
        #expect(!start.canWrite)
        var keys = Set(ExplorerKeys.table.bindings.flatMap(\.keys))
        for c in " abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789" { keys.insert(.char(c)) }
        keys.remove(.ctrl("c"))   // quits
        let keyList = keys.sorted { $0.name < $1.name }
        let routes: [[Any]] = [[], ["1"], ["1", "["], ["1", "[", Key.enter], ["2"], ["3"], [Key.enter], ["T"], ["T", Key.enter],
                               ["T", "v"], ["T", "v", Key.enter], ["T", "h"], ["T", Key.enter, "h"], ["T", "?"],
                               [":", "open pl-shaw-hall", Key.enter], [":", "open pl-uppermill-library", Key.enter]]
        var contexts = Set<ExplorerContext>()
        for route in routes {
            var base = start
            for k in route { base.send(k) }
            contexts.insert(base.context)
            for key in keyList {
                var e = base
                e.send(key)
                contexts.insert(e.context)
                e.send(Key.ctrl("s"), Key.enter, "y", key, Key.ctrl("s"))
                #expect(e.records.form == nil, "\(route) \(key.name) opened a form")
            }
            // And the whole table in one go.
            var e = base
            for key in keyList { e.send(key, Key.ctrl("s")) }
            #expect(e.records.form == nil)
        }
        #expect(contexts.isSuperset(of: [.navigator, .results, .detail, .cases, .caseView, .listings, .listingView, .history, .help]))
        #expect(try RecordsFixture.state(writable) == before, "\(mode): the database changed")
    }

    /// Two officers open a case on the same building: the form of the second passed its checks on
    /// what it had read, and the store, checking again inside the transaction, refuses it.
    @Test func theStoreRechecksInsideTheSaveAndTheFormSaysWhy() throws {
        let path = try RecordsFixture.database()
        let mine = try CatalogueStore(path: path), theirs = try CatalogueStore(path: path)
        var alice = try RecordsFixture.explorer(mine, officer: "alice")
        var bob = try RecordsFixture.explorer(theirs, officer: "bob")
        alice.send("T", "n", "pl-werneth-mosque")
        bob.send("T", "n", "pl-werneth-mosque", Key.ctrl("s"))
        #expect(bob.message?.hasPrefix("saved cat-2") == true)
        let before = try RecordsFixture.state(mine)
        #expect(alice.records.form?.spec.validate(alice.records.form!.values, lookup: alice.catalogue, today: alice.today) == [])
        alice.send(Key.ctrl("s"))
        let f = try #require(alice.records.form)
        #expect(f.error?.hasPrefix("Not saved") == true && !f.messages.isEmpty, "\(f.messages)")
        #expect(alice.screenText.contains("cat-2"), "the message names the open case")
        #expect(try RecordsFixture.state(mine) == before)
    }

    @Test func theWheelScrollsTheCaseListAndClicksWriteNothing() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        var e = try RecordsFixture.explorer(store)
        e.send("T", "n", "pl-glodwick-centre", Key.tab, "Shaw Striders", Key.ctrl("s"))
        e.send("q")
        guard case .cases(_, _, let list0) = e.records.screens.last else { Issue.record("not on the case list"); return }
        #expect(list0.selected == 0 && e.cases(for: .init()).count == 2)
        _ = e.update(.mouse(MouseEvent(point: Point(50, 10), button: .wheelDown, action: .press)))
        guard case .cases(_, _, let list1) = e.records.screens.last else { Issue.record("not on the case list"); return }
        #expect(list1.selected == 1)
        let before = try RecordsFixture.state(store)
        for y in 0..<e.size.height {
            for x in stride(from: 0, to: e.size.width, by: 7) {
                _ = e.update(.mouse(MouseEvent(point: Point(x, y), button: .left, action: .press)))
            }
        }
        #expect(try RecordsFixture.state(store) == before)
    }

    /// Every records screen, menu and form fits every size, down to the smallest the app draws.
    @Test func everyRecordsScreenFitsItsSize() throws {
        let store = try CatalogueStore(path: RecordsFixture.database())
        let routes: [[Any]] = [["T"], ["T", Key.enter], ["T", "h"], ["T", "v"], ["T", "v", Key.enter], ["T", "n"],
                               ["T", Key.enter, "e"], ["T", Key.enter, "o"], ["T", Key.enter, "a", Key.ctrl("s")],
                               ["T", "v", Key.enter, "a", Key.enter], ["1", "["]]
        for size in [Size(40, 12), Size(80, 24), Size(100, 30), Size(132, 43), Size(200, 60)] {
            for route in routes {
                var e = try RecordsFixture.explorer(store, size: size)
                for k in route { e.send(k) }
                let b = e.view(size: size, theme: .color())
                #expect(b.textLines().count == size.height)
                for line in b.textLines() { #expect(TextWidth.width(of: line) <= size.width, "\(size) \(route): \(line)") }
            }
        }
    }
}
