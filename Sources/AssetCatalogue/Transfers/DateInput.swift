/// Dates typed by people, for forms and the command line:
///
/// - `2026-03-01` (ISO), `1/3/2026` or `01/03/2026` (UK day/month/year; `.` and `-` work too);
/// - `today`, `tomorrow`, `yesterday`;
/// - `today+14`, `today-7`, `+14`, `-7` (days), with a unit: `+2w` (weeks), `+3m` (calendar
///   months, clamped to a shorter month's end), `+1y`; `today+2w` likewise.
///
/// Everything is relative to an injected `today`, so tests and the app agree on one clock.
public enum DateInput {
    /// Parses `text` or throws a message that says what was wrong and what is accepted.
    public static func parse(_ text: String, today: LocalDate) throws(DateInputError) -> LocalDate {
        let raw = text.trimmingCharacters(in: .whitespaces)
        let t = raw.lowercased().replacingOccurrences(of: " ", with: "")
        guard !t.isEmpty else { throw DateInputError(input: text, reason: "no date given") }
        switch t {
        case "today", "now": return today
        case "tomorrow": return today.adding(days: 1)
        case "yesterday": return today.adding(days: -1)
        default: break
        }
        // Relative: [today]±N[d|w|m|y]
        var rel = Substring(t)
        if rel.hasPrefix("today") { rel = rel.dropFirst(5) }
        if let sign = rel.first, sign == "+" || sign == "-" {
            var body = rel.dropFirst()
            var unit: Character = "d"
            if let last = body.last, last.isLetter {
                unit = last
                body = body.dropLast()
            }
            guard !body.isEmpty, body.allSatisfy(\.isASCIIDigitChar), let n0 = Int(body), n0 <= 100_000 else {
                throw DateInputError(input: text, reason: "after \(sign) give a number of days, e.g. today\(sign)14 or \(sign)2w")
            }
            let n = sign == "-" ? -n0 : n0
            switch unit {
            case "d": return today.adding(days: n)
            case "w": return today.adding(days: 7 * n)
            case "m": return today.adding(months: n)
            case "y": return today.adding(months: 12 * n)
            default:
                throw DateInputError(input: text, reason: "unknown unit \"\(unit)\"; use d (days), w (weeks), m (months) or y (years)")
            }
        }
        if t.hasPrefix("today") {
            throw DateInputError(input: text, reason: "write today+14 or today-7")
        }
        // ISO YYYY-MM-DD
        let dashParts = t.split(separator: "-", omittingEmptySubsequences: false)
        if dashParts.count == 3, dashParts[0].count == 4 {
            return try calendarDate(year: dashParts[0], month: dashParts[1], day: dashParts[2], input: text)
        }
        // UK D/M/YYYY
        for sep: Character in ["/", ".", "-"] {
            let p = t.split(separator: sep, omittingEmptySubsequences: false)
            if p.count == 3 {
                guard p[2].count == 4 else {
                    throw DateInputError(input: text, reason: "give the year in full (day/month/year, e.g. 1/3/2026)")
                }
                return try calendarDate(year: p[2], month: p[1], day: p[0], input: text)
            }
        }
        throw DateInputError(input: text, reason: "use 2026-03-01, 1/3/2026 (day/month/year), today, today+14 or today-7")
    }

    /// Parses an optional date: empty text is nil.
    public static func parseOptional(_ text: String, today: LocalDate) throws(DateInputError) -> LocalDate? {
        text.trimmingCharacters(in: .whitespaces).isEmpty ? nil : try parse(text, today: today)
    }

    private static func calendarDate(year: Substring, month: Substring, day: Substring, input: String) throws(DateInputError) -> LocalDate {
        guard [year, month, day].allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCIIDigitChar) }),
              let y = Int(year), let m = Int(month), let d = Int(day) else {
            throw DateInputError(input: input, reason: "use 2026-03-01, 1/3/2026 (day/month/year), today, today+14 or today-7")
        }
        guard (1...12).contains(m) else {
            throw DateInputError(input: input, reason: "there is no month \(m) (dates are day/month/year)")
        }
        guard (1...9999).contains(y) else { throw DateInputError(input: input, reason: "year \(y) is out of range") }
        let last = LocalDate.daysIn(month: m, year: y)
        guard let date = LocalDate(year: y, month: m, day: d) else {
            throw DateInputError(input: input, reason: "\(monthNames[m - 1]) \(y) has \(last) days")
        }
        return date
    }

    static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August",
                             "September", "October", "November", "December"]

    /// "1 March 2026"
    public static func long(_ d: LocalDate) -> String { "\(d.day) \(monthNames[d.month - 1]) \(d.year)" }
}

/// A date that could not be read.
public struct DateInputError: Error, Equatable, CustomStringConvertible, Sendable {
    public var input: String
    public var reason: String
    public var description: String { "\"\(input)\" is not a date: \(reason)" }
}

extension Character {
    var isASCIIDigitChar: Bool { isASCII && isNumber }
}
