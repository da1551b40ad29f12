import Contracts
import Foundation

/// A review being written (PRODUCT.md scenario 5): rating → text (or «Пропустить») → photos → publish.
/// Persisted in the conversation, so a restart continues at the same step with everything entered so far.
public struct ReviewDraft: Codable, Sendable, Equatable {
    public enum Step: String, Codable, Sendable {
        case rating, text, photos
    }

    public var bookingId: UUID
    public var apartmentId: UUID
    public var step: Step
    /// 1…5 once chosen.
    public var rating: Int?
    public var text: String
    /// Validated photos, in the order sent (at most ``SubmitReview/maximumPhotos``).
    public var photos: [ReviewPhotoRef]
    /// The message whose buttons drive the draft (the current step's prompt).
    public var messageId: Int?

    public init(bookingId: UUID, apartmentId: UUID) {
        self.bookingId = bookingId
        self.apartmentId = apartmentId
        step = .rating
        text = ""
        photos = []
    }
}
