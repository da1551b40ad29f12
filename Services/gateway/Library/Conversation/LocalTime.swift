import Foundation

/// A wall-clock time of day in the business time zone (UTC+5), minute precision.
public struct LocalTime: Codable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var hour: Int
    public var minute: Int

    public init(hour: Int, minute: Int = 0) {
        self.hour = hour
        self.minute = minute
    }

    /// A valid time or nil (24:00 and 12:60 are nil).
    public static func valid(hour: Int, minute: Int) -> LocalTime? {
        guard (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return LocalTime(hour: hour, minute: minute)
    }

    /// The time of `now` in `zone`.
    public static func now(_ now: Date, in zone: TimeZone = LocalDate.businessTimeZone) -> LocalTime {
        let parts = LocalDate.calendar(zone).dateComponents([.hour, .minute], from: now)
        return LocalTime(hour: parts.hour ?? 0, minute: parts.minute ?? 0)
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { (lhs.hour, lhs.minute) < (rhs.hour, rhs.minute) }

    /// «14:00»
    public var description: String { String(format: "%02d:%02d", hour, minute) }
}

extension LocalDate {
    /// The instant of `time` on this date in `zone`.
    public func instant(at time: LocalTime, in zone: TimeZone = LocalDate.businessTimeZone) -> Date? {
        LocalDate.calendar(zone).date(from: DateComponents(year: year, month: month, day: day, hour: time.hour,
                                                           minute: time.minute))
    }
}
