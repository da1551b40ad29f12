import Foundation

/// RPC: may this guest review this booking now? The same checks as ``SubmitReview`` without writing anything —
/// for the notifier's reminders («none if already reviewed») and the gateway's «Оставить отзыв» button.
public struct GetReviewEligibility: RPCRequest {
    public typealias Response = ReviewEligibility
    public static let messageType: MessageType = "catalog.review.eligibility.v1"
    public static let destination: ServiceName = .catalog

    public var bookingId: UUID
    /// Telegram user id of the guest.
    public var guestId: Int64

    public init(bookingId: UUID, guestId: Int64) {
        self.bookingId = bookingId
        self.guestId = guestId
    }
}

/// Reply to ``GetReviewEligibility``.
public struct ReviewEligibility: Message {
    public static let messageType: MessageType = "catalog.review.eligibility.reply.v1"

    public var eligible: Bool
    /// Why not; nil when eligible.
    public var reason: ReviewIneligibility?
    /// The last instant a review is accepted (check-out + 30 days); nil when the booking is unknown or not the guest's.
    public var reviewableUntil: Date?

    public init(eligible: Bool, reason: ReviewIneligibility? = nil, reviewableUntil: Date? = nil) {
        self.eligible = eligible
        self.reason = reason
        self.reviewableUntil = reviewableUntil
    }
}
