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
        case tooFarAhead
    }

    /// Parses the dates of a search as the booking step reads them (``StayTimes/parse(_:now:)``: «25.12–27.12»,
    /// «15 декабря – 17 декабря», «с 10 по 12 января», «завтра на 2 ночи», a single date for one night, …); typed
    /// times are read and dropped (a search is by dates).
    public static func parse(_ text: String, today: LocalDate) -> Result<StayDates, ParseError> {
        // The start of today: «сегодня» is not yet in the past for a search.
        let now = today.instant(at: LocalTime(hour: 0)) ?? Date()
        switch StayTimes.parse(text, now: now) {
        case .success(let times):
            // StayTimes.validate has checked the dates already (its rules include every one of a search's).
            return .success(times.dates)
        case .failure(let problem):
            let error: ParseError = switch problem {
            case .unreadable, .invalidTime: .unreadable
            case .invalidDate: .invalidDate
            case .inPast, .checkInTimePassed: .inPast
            case .checkOutNotAfterCheckIn, .tooShort: .checkOutNotAfterCheckIn
            case .tooLong: .tooLong
            case .tooFarAhead: .tooFarAhead
            }
            return .failure(error)
        }
    }
}
