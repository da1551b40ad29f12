import Foundation

// The booking lifecycle as events (routing key = type). Each carries the booking as it is after the transition.

/// A hold was placed: the dates are blocked until `booking.holdExpiresAt`.
public struct BookingHeld: Event {
    public static let messageType: MessageType = "booking.held.v1"
    public var booking: BookingSummary
    public init(booking: BookingSummary) { self.booking = booking }
}

/// The booking was paid: «Забронировано». `paymentReference` is the settled Kaspi payment.
public struct BookingPaid: Event {
    public static let messageType: MessageType = "booking.paid.v1"
    public var booking: BookingSummary
    public var paymentReference: String
    public init(booking: BookingSummary, paymentReference: String) {
        self.booking = booking
        self.paymentReference = paymentReference
    }
}

/// Check-in time passed for a paid booking: the stay is in progress.
public struct BookingCheckedIn: Event {
    public static let messageType: MessageType = "booking.checked-in.v1"
    public var booking: BookingSummary
    public init(booking: BookingSummary) { self.booking = booking }
}

/// Check-out time passed: the stay is finished and in the guest's history.
public struct BookingCompleted: Event {
    public static let messageType: MessageType = "booking.completed.v1"
    public var booking: BookingSummary
    public init(booking: BookingSummary) { self.booking = booking }
}

/// An unpaid hold ran out; the dates are free again.
public struct BookingExpired: Event {
    public static let messageType: MessageType = "booking.expired.v1"
    public var booking: BookingSummary
    public init(booking: BookingSummary) { self.booking = booking }
}

/// A held or paid booking was cancelled. When it was paid, `booking.refundTiyn` is what payments must return
/// (`refundPercent` of the total by the tiers in force), possibly 0.
public struct BookingCancelled: Event {
    public static let messageType: MessageType = "booking.cancelled.v1"

    public enum CancelledBy: String, Codable, Sendable, Equatable {
        case guest
        case realtor
        case superadmin
    }

    public var booking: BookingSummary
    /// Whether the booking had been paid when it was cancelled.
    public var wasPaid: Bool
    public var refundPercent: Int
    public var cancelledBy: CancelledBy

    public init(booking: BookingSummary, wasPaid: Bool, refundPercent: Int, cancelledBy: CancelledBy) {
        self.booking = booking
        self.wasPaid = wasPaid
        self.refundPercent = refundPercent
        self.cancelledBy = cancelledBy
    }
}

/// The realtor marked «Гость не заехал» on the check-in day: the booking is `no_show`, its remaining nights are free
/// again and the payment is kept. The reliability score counts it.
public struct BookingNoShow: Event {
    public static let messageType: MessageType = "booking.no-show.v1"
    public var booking: BookingSummary
    /// Who marked it (Telegram user id of the realtor or superadmin).
    public var markedBy: Int64

    public init(booking: BookingSummary, markedBy: Int64) {
        self.booking = booking
        self.markedBy = markedBy
    }
}
