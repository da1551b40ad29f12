import Foundation

/// A published review as the catalog answers it. Guests are shown as «Гость» with the date: the catalog knows
/// only Telegram ids, never names.
public struct Review: Codable, Sendable, Equatable {
    public var reviewId: UUID
    public var apartmentId: UUID
    public var bookingId: UUID
    /// Telegram user id of the guest who wrote it.
    public var guestId: Int64
    /// 1…5.
    public var rating: Int
    /// 0…2000 characters, trimmed; empty when the guest only rated.
    public var text: String
    /// 0…5 photos, in the order sent.
    public var photos: [ReviewPhotoRef]
    public var publishedAt: Date

    public init(reviewId: UUID, apartmentId: UUID, bookingId: UUID, guestId: Int64, rating: Int, text: String,
                photos: [ReviewPhotoRef], publishedAt: Date)
    {
        self.reviewId = reviewId
        self.apartmentId = apartmentId
        self.bookingId = bookingId
        self.guestId = guestId
        self.rating = rating
        self.text = text
        self.photos = photos
        self.publishedAt = publishedAt
    }
}
