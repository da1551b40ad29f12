import Foundation

/// RPC: a guest reviews a finished stay (PRODUCT.md scenario 5). Only the booking's guest, only once the booking is
/// `completed`, at most ``reviewWindowDays`` days after check-out, once per booking (also when two submissions
/// race: exactly one is published). A refusal is an answer (`not_eligible` with a reason), not an error.
///
/// Malformed input is an RPC error `bad_request`: `rating` outside 1…5, `text` longer than ``maximumTextLength``
/// characters (after trimming; an empty text is allowed), more than ``maximumPhotos`` photos or a photo with an
/// empty `fileId`/`fileUniqueId`.
public struct SubmitReview: RPCRequest {
    public typealias Response = ReviewSubmission
    public static let messageType: MessageType = "catalog.review.submit.v1"
    public static let destination: ServiceName = .catalog

    public static let maximumTextLength = 2000
    public static let maximumPhotos = 5
    public static let reviewWindowDays = 30

    public var bookingId: UUID
    /// Telegram user id of the guest submitting.
    public var guestId: Int64
    /// 1…5.
    public var rating: Int
    /// 0…2000 characters; stored trimmed.
    public var text: String
    /// 0…5 photos the gateway has already downloaded and validated.
    public var photos: [ReviewPhotoRef]

    public init(bookingId: UUID, guestId: Int64, rating: Int, text: String = "", photos: [ReviewPhotoRef] = []) {
        self.bookingId = bookingId
        self.guestId = guestId
        self.rating = rating
        self.text = text
        self.photos = photos
    }
}

/// Reply to ``SubmitReview``.
public struct ReviewSubmission: Message {
    public static let messageType: MessageType = "catalog.review.submit.reply.v1"

    public enum Result: String, Codable, Sendable, Equatable {
        /// `review` is the new, published review.
        case published
        /// `reason` says why.
        case notEligible = "not_eligible"
    }

    public var result: Result
    public var reason: ReviewIneligibility?
    public var review: Review?

    public init(result: Result, reason: ReviewIneligibility? = nil, review: Review? = nil) {
        self.result = result
        self.reason = reason
        self.review = review
    }

    public static func published(_ review: Review) -> ReviewSubmission {
        ReviewSubmission(result: .published, review: review)
    }

    public static func notEligible(_ reason: ReviewIneligibility) -> ReviewSubmission {
        ReviewSubmission(result: .notEligible, reason: reason)
    }
}
