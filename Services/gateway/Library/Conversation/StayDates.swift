import Foundation

/// The nights of a search: check-in date → check-out date (check-in 14:00, check-out 12:00 local time).
public struct StayDates: Codable, Sendable, Equatable {
    public var checkIn: LocalDate
    public var checkOut: LocalDate

    public static let maximumNights = 30
    public static let checkInHour = 14
    public static let checkOutHour = 12

    public init(checkIn: LocalDate, checkOut: LocalDate) {
        self.checkIn = checkIn
        self.checkOut = checkOut
    }

    /// Today → tomorrow.
    public static func `default`(today: LocalDate) -> StayDates {
        StayDates(checkIn: today, checkOut: today.adding(days: 1))
    }

    public var nights: Int { checkIn.days(until: checkOut) }

    /// «25.11–26.11»
    public var text: String { "\(checkIn.shortText)–\(checkOut.shortText)" }

    public var checkInInstant: Date { checkIn.instant(hour: Self.checkInHour) ?? Date() }
    public var checkOutInstant: Date { checkOut.instant(hour: Self.checkOutHour) ?? Date() }

    public enum ParseError: Error, Sendable, Equatable {
        case unreadable
        case invalidDate
        case inPast
        case checkOutNotAfterCheckIn
        case tooLong
    }

    /// Parses «25.12–27.12» (any dash, optional year `25.12.2026`, spaces allowed).
    ///
    /// Without a year a date means this year, or next year when this year's date is more than 60 days past
    /// («05.01» typed in December is next January); a date that is still in the past is refused.
    public static func parse(_ text: String, today: LocalDate) -> Result<StayDates, ParseError> {
        let normalized = text.replacingOccurrences(of: "—", with: "-").replacingOccurrences(of: "–", with: "-")
            .replacingOccurrences(of: " ", with: "")
        let halves = normalized.split(separator: "-", omittingEmptySubsequences: false)
        guard halves.count == 2 else { return .failure(.unreadable) }
        var dates: [LocalDate] = []
        for half in halves {
            let fields = half.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
            guard fields.count == 2 || fields.count == 3, let day = fields[0], let month = fields[1] else {
                return .failure(.unreadable)
            }
            if fields.count == 3 {
                guard var year = fields[2] else { return .failure(.unreadable) }
                if year < 100 { year += 2000 }
                guard let date = LocalDate.valid(year: year, month: month, day: day) else {
                    return .failure(.invalidDate)
                }
                dates.append(date)
            } else {
                guard let thisYear = LocalDate.valid(year: today.year, month: month, day: day)
                    ?? LocalDate.valid(year: today.year + 1, month: month, day: day) else { return .failure(.invalidDate) }
                if thisYear.days(until: today) > 60, let next = LocalDate.valid(year: today.year + 1, month: month, day: day) {
                    dates.append(next)
                } else {
                    dates.append(thisYear)
                }
            }
        }
        var checkIn = dates[0], checkOut = dates[1]
        // «28.12–03.01»: a check-out without a year before the check-in is in the next year.
        if checkOut < checkIn, halves[1].split(separator: ".").count == 2,
           let next = LocalDate.valid(year: checkOut.year + 1, month: checkOut.month, day: checkOut.day),
           checkIn.days(until: next) <= maximumNights
        {
            checkOut = next
        }
        if halves[0].split(separator: ".").count == 2, checkIn < today { checkIn = dates[0] }
        return validate(StayDates(checkIn: checkIn, checkOut: checkOut), today: today)
    }

    public static func validate(_ dates: StayDates, today: LocalDate) -> Result<StayDates, ParseError> {
        if dates.checkIn < today { return .failure(.inPast) }
        if dates.checkOut <= dates.checkIn { return .failure(.checkOutNotAfterCheckIn) }
        if dates.nights > maximumNights { return .failure(.tooLong) }
        return .success(dates)
    }
}
