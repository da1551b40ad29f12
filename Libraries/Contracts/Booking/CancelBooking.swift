import Foundation

/// RPC: the guest cancels a held or paid booking. A paid one is refunded by the tiers of PRODUCT.md
/// (configurable; by default ≥ 72 h before check-in 100 %, 24–72 h 50 %, < 24 h nothing); the refund itself is
/// carried out by payments on `booking.cancelled.v1`. Idempotent: cancelling a cancelled booking answers it again.
///
/// With an `actor` of role realtor (the apartment's own) or superadmin, that person cancels instead, before
/// check-in, and a paid booking is refunded in full; `guestId` is then ignored.
public struct CancelBooking: RPCRequest {
    public typealias Response = CancelOutcome
    public static let messageType: MessageType = "booking.cancel.v1"
    public static let destination: ServiceName = .booking

    public var bookingId: UUID
    /// The guest asking; someone else's booking answers `not_found`.
    public var guestId: Int64
    /// Who cancels when it is not the guest (established by the edge); absent: the guest.
    public var actor: AccessRequester?

    public init(bookingId: UUID, guestId: Int64, actor: AccessRequester? = nil) {
        self.bookingId = bookingId
        self.guestId = guestId
        self.actor = actor
    }
}

/// Reply to ``CancelBooking``.
public struct CancelOutcome: Message {
    public static let messageType: MessageType = "booking.cancel.reply.v1"

    public enum Result: String, Codable, Sendable, Equatable {
        case cancelled
        case notFound = "not_found"
        /// Checked in, completed or expired: too late to cancel.
        case notCancellable = "not_cancellable"
    }

    public var result: Result
    public var booking: BookingSummary?
    /// 0…100; nil unless cancelled.
    public var refundPercent: Int?

    public init(result: Result, booking: BookingSummary? = nil, refundPercent: Int? = nil) {
        self.result = result
        self.booking = booking
        self.refundPercent = refundPercent
    }
}
