import AssetCatalogue
import Foundation
import Testing

@Suite struct TaxonomyTests {
    let tax = Fixtures.taxonomy

    @Test func twoLevelsWithStableIDs() {
        #expect(tax.topLevel.count >= 14)
        for c in tax.categories where !c.isTopLevel {
            #expect(c.id.hasPrefix(c.parent! + "."), "\(c.id) should sit under its parent's id")
            #expect(tax.category(id: c.parent!)?.isTopLevel == true)
        }
        #expect(tax.path(of: "food.lunch-club") == "Food › Lunch club")
        #expect(tax.topLevelID(of: "health.mental-health") == "health")
        #expect(tax.topLevelID(of: "health") == "health")
    }

    @Test(arguments: [("food.lunch-club", "food.lunch-club"), ("Lunch club", "food.lunch-club"), ("lunch-club", "food.lunch-club"),
                      ("FOOD", "food"), ("mental", "health.mental-health"), ("older people", "older")])
    func findsByIdNameOrPrefix(input: String, id: String) throws {
        #expect(try tax.find(input).id == id)
    }

    @Test func unknownCategorySuggests() {
        do { _ = try tax.find("lunch clubb"); Issue.record("should throw") } catch {
            #expect(error.suggestions.contains("Lunch club"))
        }
    }

    @Test func loadRejectsOrphansAndDuplicates() throws {
        let d = Fixtures.tempDir()
        let f = d.appendingPathComponent("t.csv")
        try "id,parent,name\nfood,,Food\nfood.x,drink,X\n".write(to: f, atomically: true, encoding: .utf8)
        #expect(throws: ImportError(file: "t.csv", line: 3, field: "parent", message: "unknown parent \"drink\" (parents come first)")) {
            try Taxonomy.load(from: f)
        }
        try "id,parent,name\nfood,,Food\nfood,,Food again\n".write(to: f, atomically: true, encoding: .utf8)
        #expect(throws: ImportError(file: "t.csv", line: 3, field: "id", message: "duplicate id \"food\"")) {
            try Taxonomy.load(from: f)
        }
    }
}

@Suite struct LocalDateTests {
    @Test func parsesOnlyRealIsoDates() {
        #expect(LocalDate(iso: "2024-02-29") != nil)
        #expect(LocalDate(iso: "2023-02-29") == nil)
        #expect(LocalDate(iso: "2024-13-01") == nil)
        #expect(LocalDate(iso: "1/3/2026") == nil)
        #expect(LocalDate(iso: "2026-3-1") == nil)
    }

    @Test func arithmeticAcrossMonthEndsAndLeapYears() {
        let d = LocalDate(year: 2024, month: 1, day: 31)!
        #expect(d.adding(months: 1).description == "2024-02-29")
        #expect(LocalDate(year: 2023, month: 1, day: 31)!.adding(months: 1).description == "2023-02-28")
        #expect(d.adding(days: 30).description == "2024-03-01")
        #expect(LocalDate(year: 2021, month: 6, day: 15)!.adding(months: 60).description == "2026-06-15")
        #expect(LocalDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(LocalDate(dayNumber: 19_723).description == "2024-01-01")
        #expect(LocalDate(year: 2026, month: 11, day: 23)!.isoWeekday == 1)  // a Monday
        #expect(LocalDate(iso: "2026-01-01")!.days(until: LocalDate(iso: "2027-01-01")!) == 365)
    }
}
