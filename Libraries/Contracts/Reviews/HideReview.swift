import Foundation

/// RPC: the superadmin hides a review. It leaves the listing and the card's average and count at once; it still
/// counts as the booking's review (no second one). The caller (gateway, admin) checks that `superadminId` is the
/// superadmin; the catalog records who and why.
public struct HideReview: RPCRequest {
    public typealias Response = ReviewHiding
    public static let messageType: MessageType = "catalog.review.hide.v1"
    public static let destination: ServiceName = .catalog

    public var reviewId: UUID
    /// Telegram user id of the superadmin.
    public var superadminId: Int64
    /// Why, for the record (1…500 characters).
    public var reason: String

    public init(reviewId: UUID, superadminId: Int64, reason: String) {
        self.reviewId = reviewId
        self.superadminId = superadminId
        self.reason = reason
    }
}

/// Reply to ``HideReview``.
public struct ReviewHiding: Message {
    public static let messageType: MessageType = "catalog.review.hide.reply.v1"

    public enum Result: String, Codable, Sendable, Equatable {
        case hidden
        /// It was hidden before; nothing changed (a repeated request).
        case alreadyHidden = "already_hidden"
        case notFound = "not_found"
    }

    public var result: Result

    public init(result: Result) { self.result = result }
}
