import Foundation

/// RPC: after a stay the apartment's realtor (or a superadmin) rates the guest: 1–5 and an optional «нарушение»
/// (violation) flag with a comment. Once per booking; only for a completed stay. The reliability score uses it.
public struct RateGuest: RPCRequest {
    public typealias Response = GuestRatingOutcome
    public static let messageType: MessageType = "booking.guest.rate.v1"
    public static let destination: ServiceName = .booking

    public var bookingId: UUID
    public var actor: AccessRequester
    /// 1…5.
    public var rating: Int
    public var violation: Bool
    /// What happened (up to 500 characters); never published in events.
    public var comment: String?

    public init(bookingId: UUID, actor: AccessRequester, rating: Int, violation: Bool = false, comment: String? = nil) {
        self.bookingId = bookingId
        self.actor = actor
        self.rating = rating
        self.violation = violation
        self.comment = comment
    }
}

/// Reply to ``RateGuest``.
public struct GuestRatingOutcome: Message {
    public static let messageType: MessageType = "booking.guest.rate.reply.v1"

    public enum Result: String, Codable, Sendable, Equatable {
        case rated
        /// No such booking, or not one of the actor's apartments.
        case notFound = "not_found"
        /// The stay is not over (or never happened): nothing to rate yet.
        case notRateable = "not_rateable"
        /// Rated before: the first rating stands.
        case alreadyRated = "already_rated"
        /// The rating is not 1…5 or the comment is too long.
        case invalid
    }

    public var result: Result

    public init(result: Result) { self.result = result }
}

/// A realtor rated a guest after the stay (the comment stays in booking).
public struct GuestRated: Event {
    public static let messageType: MessageType = "booking.guest-rated.v1"

    public var bookingId: UUID
    public var apartmentId: UUID
    public var guestId: Int64
    public var realtorId: Int64
    public var rating: Int
    public var violation: Bool
    public var occurredAt: Date

    public init(bookingId: UUID, apartmentId: UUID, guestId: Int64, realtorId: Int64, rating: Int, violation: Bool,
                occurredAt: Date)
    {
        self.bookingId = bookingId
        self.apartmentId = apartmentId
        self.guestId = guestId
        self.realtorId = realtorId
        self.rating = rating
        self.violation = violation
        self.occurredAt = occurredAt
    }
}
