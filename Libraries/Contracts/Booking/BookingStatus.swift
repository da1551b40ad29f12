import Foundation

/// Where a booking is in its life (PRODUCT.md, «Apartment status lifecycle»). Only the booking service moves it:
/// held → paid → checked_in → completed; held → expired; held/paid → cancelled; paid/checked_in → no_show.
public enum BookingStatus: String, Codable, Sendable, Equatable, CaseIterable {
    /// Dates blocked for the guest until `holdExpiresAt`, waiting for payment.
    case held
    /// Paid: «Забронировано».
    case paid
    /// The stay is in progress (check-in time has passed).
    case checkedIn = "checked_in"
    /// Check-out time has passed; the booking is history.
    case completed
    /// The hold ran out unpaid; the dates are free again.
    case expired
    /// Cancelled by the guest (or an operator); a paid one may carry a refund.
    case cancelled
    /// The realtor marked «Гость не заехал» on the check-in day: the remaining nights are free again, the payment
    /// is kept (the guest did not cancel), and the reliability score counts it.
    case noShow = "no_show"

    /// Statuses that occupy the apartment's dates.
    public static let live: [BookingStatus] = [.held, .paid, .checkedIn]
}
