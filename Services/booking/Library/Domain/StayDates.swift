import Contracts
import Foundation
import ServiceRuntime

/// A requested stay checked against the business calendar (UTC+5): check-in not on a past date, check-out after
/// check-in and on a later business date, 1…30 nights as ``StayNights`` counts them (the business dates, and at
/// least one night per started 24 hours).
struct StayDates: Sendable, Equatable {
    static let maximumNights = 30

    let checkIn: Date
    let checkOut: Date
    let nights: Int

    /// The stay, or the problem the guest must be told about.
    ///
    /// A check-in earlier today is accepted (the guest arrives now; «сегодня 14:00» booked at 15:00 is fine); a
    /// check-in on an earlier business date is in the past.
    enum Validation: Sendable, Equatable {
        case valid(StayDates)
        case invalid(HoldOutcome.DateProblem)
    }

    static func validate(checkIn: Date, checkOut: Date, now: Date) -> Validation {
        let calendar = BusinessClock.calendar
        let today = calendar.startOfDay(for: now)
        let checkInDay = calendar.startOfDay(for: checkIn)
        if checkInDay < today { return .invalid(.checkInInPast) }
        if checkOut <= checkIn { return .invalid(.checkOutNotAfterCheckIn) }
        let checkOutDay = calendar.startOfDay(for: checkOut)
        let calendarNights = calendar.dateComponents([.day], from: checkInDay, to: checkOutDay).day ?? 0
        if calendarNights < 1 { return .invalid(.tooShort) }
        let nights = StayNights.count(calendarNights: calendarNights, checkIn: checkIn, checkOut: checkOut)
        if nights > maximumNights { return .invalid(.tooLong) }
        return .valid(StayDates(checkIn: checkIn, checkOut: checkOut, nights: nights))
    }
}
