import Foundation

/// RPC: the apartment's realtor (or a superadmin) marks «Гость не заехал» for a paid booking, from the start of
/// its check-in date (UTC+5) until its check-out (the clock may already have moved it to checked_in).
public struct MarkNoShow: RPCRequest {
    public typealias Response = NoShowOutcome
    public static let messageType: MessageType = "booking.no-show.mark.v1"
    public static let destination: ServiceName = .booking

    public var bookingId: UUID
    public var actor: AccessRequester

    public init(bookingId: UUID, actor: AccessRequester) {
        self.bookingId = bookingId
        self.actor = actor
    }
}

/// Reply to ``MarkNoShow``.
public struct NoShowOutcome: Message {
    public static let messageType: MessageType = "booking.no-show.mark.reply.v1"

    public enum Result: String, Codable, Sendable, Equatable {
        /// Marked now, or before (idempotent).
        case marked
        /// No such booking, or not one of the actor's apartments.
        case notFound = "not_found"
        /// Not paid, or not the check-in day yet, or the stay is over.
        case tooEarlyOrLate = "too_early_or_late"
    }

    public var result: Result
    public var booking: BookingSummary?

    public init(result: Result, booking: BookingSummary? = nil) {
        self.result = result
        self.booking = booking
    }
}
