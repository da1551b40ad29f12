import Contracts
import Foundation

/// The check-in and check-out of a booking: dates and wall-clock times in the business time zone (UTC+5).
/// Defaults are check-in 14:00 and check-out 12:00; when 14:00 today has already passed, a check-in today
/// defaults to the next full hour.
public struct StayTimes: Codable, Sendable, Equatable {
    public var checkIn: LocalDate
    public var checkInTime: LocalTime
    public var checkOut: LocalDate
    public var checkOutTime: LocalTime

    public static let defaultCheckInTime = LocalTime(hour: StayDates.checkInHour)
    public static let defaultCheckOutTime = LocalTime(hour: StayDates.checkOutHour)

    public init(checkIn: LocalDate, checkInTime: LocalTime, checkOut: LocalDate, checkOutTime: LocalTime) {
        self.checkIn = checkIn
        self.checkInTime = checkInTime
        self.checkOut = checkOut
        self.checkOutTime = checkOutTime
    }

    /// `dates` with the default times (see ``defaultCheckInTime(on:now:)``).
    public static func withDefaultTimes(_ dates: StayDates, now: Date) -> StayTimes {
        StayTimes(checkIn: dates.checkIn, checkInTime: defaultCheckInTime(on: dates.checkIn, now: now),
                  checkOut: dates.checkOut, checkOutTime: defaultCheckOutTime)
    }

    /// 14:00, or for today after 14:00 the next full hour (23:59 in the last hour of the day).
    public static func defaultCheckInTime(on date: LocalDate, now: Date) -> LocalTime {
        guard date == LocalDate.today(now: now) else { return defaultCheckInTime }
        let current = LocalTime.now(now)
        guard defaultCheckInTime < current else { return defaultCheckInTime }
        return current.hour >= 23 ? LocalTime(hour: 23, minute: 59) : LocalTime(hour: current.hour + 1)
    }

    /// What the stay costs in nights: the nights between the business dates, and at least one per started 24 hours
    /// (``StayNights``, the count booking prices the hold with).
    public var nights: Int {
        StayNights.count(calendarNights: checkIn.days(until: checkOut), checkIn: checkInInstant, checkOut: checkOutInstant)
    }
    public var dates: StayDates { StayDates(checkIn: checkIn, checkOut: checkOut) }
    public var checkInInstant: Date { checkIn.instant(at: checkInTime) ?? Date(timeIntervalSince1970: 0) }
    public var checkOutInstant: Date { checkOut.instant(at: checkOutTime) ?? Date(timeIntervalSince1970: 0) }

    /// «25.12 14:00 → 27.12 12:00»
    public var text: String { "\(checkIn.shortText) \(checkInTime) → \(checkOut.shortText) \(checkOutTime)" }

    public enum Problem: Error, Sendable, Equatable {
        case unreadable
        case invalidDate
        case invalidTime
        /// The check-in date is before today.
        case inPast
        /// Check-in today at a time that has already passed.
        case checkInTimePassed
        case checkOutNotAfterCheckIn
        /// Check-in and check-out on the same date: less than one night.
        case tooShort
        case tooLong
        /// Check-in more than ``maximumDaysAhead`` days from today (a typo in the year, most likely).
        case tooFarAhead
    }

    /// How far ahead the bot books: a check-in at most a year from today.
    public static let maximumDaysAhead = 365

    /// Parses what a guest types: «25.12–27.12», «25.12 14:00 – 27.12 12:00», «25.12.2026-27.12.2026»,
    /// «с 25.12 по 27.12», «15 декабря – 17 декабря», «с 10 по 12 января», «10–12.01», «завтра»,
    /// «сегодня на 2 ночи», «завтра 15:00 – послезавтра 11:00», and a single date («15.12», «послезавтра в 14:00»)
    /// for one night. Any dash (or «по», «до», «→»); a time is «14:00», «14.00», «14» or «в 14:00» after the date;
    /// month names in full or short («дек»). Without a year a date means this year, or next year when this
    /// year's date is more than 60 days past. Without a time check-in is 14:00 (see
    /// ``defaultCheckInTime(on:now:)``) and check-out 12:00.
    public static func parse(_ text: String, now: Date) -> Result<StayTimes, Problem> {
        let today = LocalDate.today(now: now)
        let normalized = normalize(text)
        if let relative = parseRelative(normalized, today: today) {
            // «на 0 ночей»: less than one night, whatever the times.
            guard relative.nights >= 1 else { return .failure(.tooShort) }
            return validate(withDefaultTimes(relative, now: now), now: now)
        }
        var halves = normalized.split(separator: "-", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        if halves.count == 1 {
            // One date: one night from it.
            guard case .success(let point) = parsePoint(halves[0], today: today) else { return .failure(.unreadable) }
            let checkOut = point.date.adding(days: 1)
            return validate(StayTimes(checkIn: point.date,
                                      checkInTime: point.time ?? defaultCheckInTime(on: point.date, now: now),
                                      checkOut: checkOut, checkOutTime: defaultCheckOutTime), now: now)
        }
        guard halves.count == 2 else { return .failure(.unreadable) }
        halves[0] = inheritingMonth(halves[0], from: halves[1])
        var points: [Point] = []
        for half in halves {
            switch parsePoint(half, today: today) {
            case .success(let point): points.append(point)
            case .failure(let problem): return .failure(problem)
            }
        }
        var checkOut = points[1].date
        // «28.12–03.01»: a check-out without a year before the check-in is in the next year.
        if checkOut < points[0].date, !points[1].hasYear,
           let next = LocalDate.valid(year: checkOut.year + 1, month: checkOut.month, day: checkOut.day),
           points[0].date.days(until: next) <= StayDates.maximumNights
        {
            checkOut = next
        }
        let times = StayTimes(checkIn: points[0].date,
                              checkInTime: points[0].time ?? defaultCheckInTime(on: points[0].date, now: now),
                              checkOut: checkOut, checkOutTime: points[1].time ?? defaultCheckOutTime)
        return validate(times, now: now)
    }

    /// The rules of PRODUCT.md scenario 3: not in the past, check-out after check-in, 1…30 nights; and the
    /// check-in at most ``maximumDaysAhead`` days ahead.
    public static func validate(_ times: StayTimes, now: Date) -> Result<StayTimes, Problem> {
        let today = LocalDate.today(now: now)
        if times.checkIn < today { return .failure(.inPast) }
        if today.days(until: times.checkIn) > maximumDaysAhead { return .failure(.tooFarAhead) }
        if times.checkInInstant < now { return .failure(.checkInTimePassed) }
        if times.checkOutInstant <= times.checkInInstant { return .failure(.checkOutNotAfterCheckIn) }
        if times.checkIn.days(until: times.checkOut) < 1 { return .failure(.tooShort) }
        if times.nights > StayDates.maximumNights { return .failure(.tooLong) }
        return .success(times)
    }

    // MARK: Parsing parts

    private struct Point {
        var date: LocalDate
        var hasYear: Bool
        var time: LocalTime?
    }

    /// Month names (and their short forms) by number, as they follow a day: «15 декабря», «15 дек».
    private static let monthStems: [(stem: String, month: Int)] = [
        ("янв", 1), ("фев", 2), ("мар", 3), ("апр", 4), ("ма", 5), ("июн", 6), ("июл", 7), ("авг", 8), ("сен", 9),
        ("окт", 10), ("ноя", 11), ("дек", 12),
    ]
    private static let monthPattern = #"(\d{1,2})\s*((?:янв|фев|мар|апр|ма[йяе]|июн|июл|авг|сен|окт|ноя|дек)[а-яё]*\.?)(?:\s+(\d{4})(?!\d))?"#

    /// «15 декабря 2026» → «15.12.2026», «15 дек» → «15.12»; anything else unchanged.
    private static func numericMonths(_ text: String) -> String {
        guard let regex = try? Regex(monthPattern) else { return text }
        return text.replacing(regex) { match in
            let day = match.output[1].substring.map(String.init) ?? ""
            let name = match.output[2].substring.map(String.init) ?? ""
            guard let month = monthStems.first(where: { name.hasPrefix($0.stem) })?.month else {
                return match.output[0].substring.map(String.init) ?? ""
            }
            let year = match.output[3].substring.map { ".\($0)" } ?? ""
            return "\(day).\(String(format: "%02d", month))\(year)"
        }
    }

    /// «10» before «12.01» means 10.01 («с 10 по 12 января», «10–12.01»).
    private static func inheritingMonth(_ first: String, from second: String) -> String {
        guard let dayOnly = try? Regex(#"^(\d{1,2})((?:\s.*)?)$"#).wholeMatch(in: first),
              let target = try? Regex(#"^\d{1,2}[./](\d{1,2})((?:[./]\d{4}|[./]\d{2})?)(?!\d)"#).firstMatch(in: second),
              target.range.lowerBound == second.startIndex
        else { return first }
        let day = dayOnly.output[1].substring.map(String.init) ?? ""
        let rest = dayOnly.output[2].substring.map(String.init) ?? ""
        let month = target.output[1].substring.map(String.init) ?? ""
        let year = target.output[2].substring.map(String.init) ?? ""
        return "\(day).\(month)\(year)\(rest)"
    }

    private static func normalize(_ text: String) -> String {
        var value = " " + numericMonths(text.lowercased()) + " "
        for arrow in ["->", "→", "—", "–", "−", "‐"] { value = value.replacingOccurrences(of: arrow, with: "-") }
        value = value.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        value = " \(value) "
        for word in [" по ", " до "] { value = value.replacingOccurrences(of: word, with: " - ") }
        value = value.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("с ") { value = String(value.dropFirst(2)) }
        return value.trimmingCharacters(in: .whitespaces)
    }

    private static let dayWords = ["сегодня": 0, "завтра": 1, "послезавтра": 2]

    /// «завтра», «сегодня на 2 ночи», «на 3 ночи» (from today).
    private static func parseRelative(_ text: String, today: LocalDate) -> StayDates? {
        let words = text.split(separator: " ").map(String.init)
        guard let first = words.first else { return nil }
        var offset = 0
        var rest = words[...]
        if let day = dayWords[first] {
            offset = day
            rest = words.dropFirst()
        } else if first != "на" {
            return nil
        }
        var nights = 1
        if !rest.isEmpty {
            let tail = Array(rest)
            guard tail.count == 3, tail[0] == "на", let count = Int(tail[1]),
                  ["ночь", "ночи", "ночей", "сутки", "суток"].contains(tail[2]) else { return nil }
            nights = count
        } else if dayWords[first] == nil {
            return nil
        }
        let checkIn = today.adding(days: offset)
        return StayDates(checkIn: checkIn, checkOut: checkIn.adding(days: nights))
    }

    private static let pointPattern = #"^(?:(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?|(сегодня|завтра|послезавтра))(?:\s+(?:в\s+)?(\d{1,2})(?:[:.](\d{2}))?)?$"#

    private static func parsePoint(_ text: String, today: LocalDate) -> Result<Point, Problem> {
        guard let regex = try? Regex(pointPattern), let match = try? regex.wholeMatch(in: text) else {
            return .failure(.unreadable)
        }
        func capture(_ index: Int) -> String? { match.output[index].substring.map(String.init) }
        var point: Point
        if let word = capture(4), let offset = dayWords[word] {
            point = Point(date: today.adding(days: offset), hasYear: true)
        } else if let dayText = capture(1), let monthText = capture(2), let day = Int(dayText),
                  let month = Int(monthText)
        {
            if let yearText = capture(3), var year = Int(yearText) {
                if year < 100 { year += 2000 }
                guard let date = LocalDate.valid(year: year, month: month, day: day) else {
                    return .failure(.invalidDate)
                }
                point = Point(date: date, hasYear: true)
            } else {
                guard let thisYear = LocalDate.valid(year: today.year, month: month, day: day)
                    ?? LocalDate.valid(year: today.year + 1, month: month, day: day) else {
                    return .failure(.invalidDate)
                }
                if thisYear.days(until: today) > 60,
                   let next = LocalDate.valid(year: today.year + 1, month: month, day: day)
                {
                    point = Point(date: next, hasYear: false)
                } else {
                    point = Point(date: thisYear, hasYear: false)
                }
            }
        } else {
            return .failure(.unreadable)
        }
        if let hourText = capture(5), let hour = Int(hourText) {
            let minute = capture(6).flatMap { Int($0) } ?? 0
            guard let time = LocalTime.valid(hour: hour, minute: minute) else { return .failure(.invalidTime) }
            point.time = time
        }
        return .success(point)
    }
}
