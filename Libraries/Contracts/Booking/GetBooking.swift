import Foundation

/// RPC: one booking. With `guestId` it is answered only when the booking is that guest's (anyone else's
/// booking looks exactly like a missing one). Without `guestId` (services: catalog, payments, notifier) it is
/// answered for any booking.
public struct GetBooking: RPCRequest {
    public typealias Response = BookingLookup
    public static let messageType: MessageType = "booking.get.v1"
    public static let destination: ServiceName = .booking

    public var bookingId: UUID
    public var guestId: Int64?

    public init(bookingId: UUID, guestId: Int64? = nil) {
        self.bookingId = bookingId
        self.guestId = guestId
    }
}

/// Reply to ``GetBooking``: nil when not found (or not the guest's).
public struct BookingLookup: Message {
    public static let messageType: MessageType = "booking.get.reply.v1"

    public var booking: BookingSummary?
    /// The cancellation refund tiers booking applies now (`BOOKING_REFUND_TIERS`), largest `hoursBefore` first, so
    /// a «cancel?» question quotes what cancelling will really refund. Nil from older booking versions and when no
    /// booking was found.
    public var refundTiers: [RefundTier]?

    public init(booking: BookingSummary?, refundTiers: [RefundTier]? = nil) {
        self.booking = booking
        self.refundTiers = refundTiers
    }
}

/// One cancellation refund tier: cancelling at least `hoursBefore` hours before check-in refunds `percent` % (the
/// first tier, largest `hoursBefore` first, that the time left reaches applies; none: not cancellable any more).
public struct RefundTier: Codable, Sendable, Equatable {
    public var hoursBefore: Int
    /// 0…100.
    public var percent: Int

    public init(hoursBefore: Int, percent: Int) {
        self.hoursBefore = hoursBefore
        self.percent = percent
    }
}

extension Sequence where Element == RefundTier {
    /// The percent refunded when cancelling `timeLeft` seconds before check-in: that of the first tier, largest
    /// `hoursBefore` first, the time left reaches; nil when none does (check-in has passed, or the tiers leave the
    /// time uncovered): the booking can no longer be cancelled.
    public func refundPercent(timeLeft: TimeInterval) -> Int? {
        guard timeLeft >= 0 else { return nil }
        return sorted { $0.hoursBefore > $1.hoursBefore }
            .first { timeLeft >= TimeInterval($0.hoursBefore) * 3600 }?.percent
    }
}
