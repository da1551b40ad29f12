import Foundation

/// A review was published: the apartment's average and count changed (realtor alert «новый отзыв», the
/// notifier stops review nudges for `bookingId`).
public struct ReviewPublished: Event {
    public static let messageType: MessageType = "catalog.review.published.v1"

    public var reviewId: UUID
    public var apartmentId: UUID
    public var bookingId: UUID
    /// Telegram user id of the guest.
    public var guestId: Int64
    /// Telegram user id of the apartment's realtor (who gets the alert).
    public var realtorId: Int64
    /// 1…5.
    public var rating: Int
    public var occurredAt: Date

    public init(reviewId: UUID, apartmentId: UUID, bookingId: UUID, guestId: Int64, realtorId: Int64, rating: Int,
                occurredAt: Date)
    {
        self.reviewId = reviewId
        self.apartmentId = apartmentId
        self.bookingId = bookingId
        self.guestId = guestId
        self.realtorId = realtorId
        self.rating = rating
        self.occurredAt = occurredAt
    }
}

/// The superadmin hid a review: it left the listing and the apartment's average and count.
public struct ReviewHidden: Event {
    public static let messageType: MessageType = "catalog.review.hidden.v1"

    public var reviewId: UUID
    public var apartmentId: UUID
    public var bookingId: UUID
    public var guestId: Int64
    public var realtorId: Int64
    public var rating: Int
    /// Telegram user id of the superadmin.
    public var hiddenBy: Int64
    public var reason: String
    public var occurredAt: Date

    public init(reviewId: UUID, apartmentId: UUID, bookingId: UUID, guestId: Int64, realtorId: Int64, rating: Int,
                hiddenBy: Int64, reason: String, occurredAt: Date)
    {
        self.reviewId = reviewId
        self.apartmentId = apartmentId
        self.bookingId = bookingId
        self.guestId = guestId
        self.realtorId = realtorId
        self.rating = rating
        self.hiddenBy = hiddenBy
        self.reason = reason
        self.occurredAt = occurredAt
    }
}
