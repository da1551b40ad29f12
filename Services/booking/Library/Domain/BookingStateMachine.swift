import Contracts

/// What can happen to a booking after its hold was placed.
enum BookingTransition: String, Sendable, CaseIterable {
    /// The money arrived in time: held → paid.
    case pay
    /// Check-in time passed: paid → checked_in.
    case checkIn = "check_in"
    /// Check-out time passed: checked_in → completed.
    case complete
    /// The hold ran out unpaid: held → expired.
    case expire
    /// The guest (or an operator) cancelled: held or paid → cancelled.
    case cancel
    /// The realtor marked «Гость не заехал» on the check-in day: paid or checked_in (by the clock) → no_show.
    case noShow = "no_show"
}

/// The one place that says which booking transitions are legal (PRODUCT.md, «Apartment status lifecycle»):
/// held → paid → checked_in → completed; held → expired; held/paid → cancelled; paid/checked_in → no_show.
/// Everything else is rejected.
enum BookingStateMachine {
    /// The status `transition` leads to from `status`, or nil when the move is illegal.
    static func target(of transition: BookingTransition, from status: BookingStatus) -> BookingStatus? {
        switch (transition, status) {
        case (.pay, .held): .paid
        case (.checkIn, .paid): .checkedIn
        case (.complete, .checkedIn): .completed
        case (.expire, .held): .expired
        case (.cancel, .held), (.cancel, .paid): .cancelled
        case (.noShow, .paid), (.noShow, .checkedIn): .noShow
        default: nil
        }
    }

    static func isLegal(_ transition: BookingTransition, from status: BookingStatus) -> Bool {
        target(of: transition, from: status) != nil
    }
}

/// A transition that the state machine refuses.
struct IllegalBookingTransition: Error, Equatable, CustomStringConvertible {
    let transition: BookingTransition
    let status: BookingStatus

    var description: String { "illegal booking transition \(transition.rawValue) from \(status.rawValue)" }
}
