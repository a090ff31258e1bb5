import AssetCatalogue
import Testing

/// Dates, money and terms as typed into forms and on the command line.
@Suite struct TransferDateTests {
    let today = LocalDate(iso: "2026-01-31")!

    func d(_ s: String) -> LocalDate { LocalDate(iso: s)! }

    @Test(arguments: [
        ("2026-03-01", "2026-03-01"), ("1/3/2026", "2026-03-01"), ("01/03/2026", "2026-03-01"), ("1.3.2026", "2026-03-01"),
        ("31/12/2025", "2025-12-31"), ("29/2/2024", "2024-02-29"), (" today ", "2026-01-31"), ("Today", "2026-01-31"),
        ("today+14", "2026-02-14"), ("today-7", "2026-01-24"), ("+14", "2026-02-14"), ("-31", "2025-12-31"),
        ("+2w", "2026-02-14"), ("today+2w", "2026-02-14"), ("+1m", "2026-02-28"), ("+13m", "2027-02-28"), ("+1y", "2027-01-31"),
        ("tomorrow", "2026-02-01"), ("yesterday", "2026-01-30"), ("today + 1", "2026-02-01"),
    ])
    func readsEveryAcceptedForm(input: String, expected: String) throws {
        #expect(try DateInput.parse(input, today: today) == d(expected))
    }

    @Test(arguments: [
        ("31/2/2026", "February 2026 has 28 days"), ("29/2/2025", "February 2025 has 28 days"), ("31/4/2026", "April 2026 has 30 days"),
        ("1/13/2026", "there is no month 13"), ("2026-13-01", "there is no month 13"), ("1/3/26", "give the year in full"),
        ("today+x", "give a number"), ("+3q", "unknown unit"), ("next tuesday", "use 2026-03-01"), ("", "no date given"),
        ("todayish", "today+14"),
    ])
    func explainsWhatIsWrong(input: String, reason: String) {
        do {
            let v = try DateInput.parse(input, today: today)
            Issue.record("\(input) parsed as \(v)")
        } catch {
            #expect(error.description.contains(reason), "\(error.description)")
            #expect(error.description.hasPrefix("\"\(input)\" is not a date"))
        }
    }

    @Test func monthArithmeticClampsAtMonthEnds() {
        #expect(d("2026-01-31").adding(months: 1) == d("2026-02-28"))
        #expect(d("2024-01-31").adding(months: 1) == d("2024-02-29"))
        #expect(d("2024-02-29").adding(months: 12) == d("2025-02-28"))
        #expect(d("2026-08-31").adding(months: 6) == d("2027-02-28"))
        #expect(d("2027-08-31").adding(months: 6) == d("2028-02-29"))
    }

    @Test func moneyReadsAndPrintsCanonically() {
        #expect(Money.parse("£1,200")?.pence == 120_000)
        #expect(Money.parse("1200.5")?.pence == 120_050)
        #expect(Money.parse("peppercorn")?.pence == 0)
        #expect(Money.parse("£12,500 pa")?.pence == 1_250_000)
        #expect(Money.parse("12.345") == nil && Money.parse("-5") == nil && Money.parse("abc") == nil && Money.parse("") == nil)
        #expect(Money(pence: 123_456_789).description == "£1,234,567.89")
        #expect(Money(pence: 0).description == "£0")
        for text in ["£1,200", "£0.05", "£999", "£1,000,000"] { #expect(Money.parse(text)?.description == text) }
    }

    @Test func termsReadAndPrintCanonically() {
        #expect(Term.parse("25 years")?.months == 300)
        #expect(Term.parse("25y")?.months == 300)
        #expect(Term.parse("18 months")?.months == 18)
        #expect(Term.parse("1y6m")?.months == 18)
        #expect(Term.parse("1 year and 6 months")?.months == 18)
        #expect(Term.parse("5") == nil && Term.parse("years") == nil && Term.parse("5 decades") == nil)
        for text in ["25 years", "1 year", "1 year 6 months", "1 month", "7 years 1 month"] {
            #expect(Term.parse(text)?.description == text)
        }
    }

    @Test func tenureLimits() {
        #expect(Tenure.licence.check(Term(months: 12)) == nil)
        #expect(Tenure.licence.check(Term(months: 13))?.contains("up to 12 months, not 1 year 1 month") == true)
        #expect(Tenure.managementAgreement.check(Term(months: 18)) != nil)
        #expect(Tenure.roomHire.check(Term(months: 13)) != nil)
        #expect(Tenure.shortLease.check(Term(years: 7)) == nil)
        #expect(Tenure.shortLease.check(Term(months: 85)) != nil)
        #expect(Tenure.longLease.check(Term(years: 6))?.contains("7 to 35 years") == true)
        #expect(Tenure.longLease.check(Term(years: 7)) == nil && Tenure.longLease.check(Term(years: 35)) == nil)
        #expect(Tenure.longLease.check(Term(months: 421)) != nil)
        #expect(Tenure.freehold.check(Term(years: 1)) != nil)
        #expect(Tenure(loose: "Long lease (7–35 years)") == .longLease)
        #expect(Tenure(loose: "licence to occupy") == .licence)
        #expect(Tenure(loose: "long_lease") == .longLease)
        #expect(Tenure(loose: "lease") == nil)
    }
}
