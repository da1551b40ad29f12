import Foundation
import Presentation

/// A calendar date in the business time zone (Asia/Almaty, UTC+5), without time.
public struct LocalDate: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Kazakhstan's single zone since March 2024.
    public static let businessTimeZone = Formatting.timeZone

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    public static func today(now: Date = Date(), in zone: TimeZone = businessTimeZone) -> LocalDate {
        let parts = calendar(zone).dateComponents([.year, .month, .day], from: now)
        return LocalDate(year: parts.year ?? 1970, month: parts.month ?? 1, day: parts.day ?? 1)
    }

    /// A valid date or nil (31.02 is nil).
    public static func valid(year: Int, month: Int, day: Int) -> LocalDate? {
        let candidate = LocalDate(year: year, month: month, day: day)
        guard (1...12).contains(month), (1...31).contains(day),
              let instant = candidate.instant(hour: 12, in: .gmt) else { return nil }
        return LocalDate.today(now: instant, in: .gmt) == candidate ? candidate : nil
    }

    /// The instant of `hour`:00 on this date in `zone`.
    public func instant(hour: Int, in zone: TimeZone = businessTimeZone) -> Date? {
        LocalDate.calendar(zone).date(from: DateComponents(year: year, month: month, day: day, hour: hour))
    }

    public func adding(days: Int) -> LocalDate {
        guard let noon = instant(hour: 12, in: .gmt),
              let shifted = LocalDate.calendar(.gmt).date(byAdding: .day, value: days, to: noon) else { return self }
        return LocalDate.today(now: shifted, in: .gmt)
    }

    public func days(until other: LocalDate) -> Int {
        guard let from = instant(hour: 12, in: .gmt), let to = other.instant(hour: 12, in: .gmt) else { return 0 }
        return Int((to.timeIntervalSince(from) / 86_400).rounded())
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// «25.11», or «25.11.2027» for a date outside the current year (UTC+5): a stay next year must not read like
    /// one this year (``Formatting/dayMonth(day:month:year:currentYear:)``).
    public var shortText: String {
        Formatting.dayMonth(day: day, month: month, year: year, currentYear: Formatting.currentYear())
    }
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }
}
