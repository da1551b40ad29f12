import Foundation

/// A booking as other services see it. Carries no address or access details.
public struct BookingSummary: Codable, Sendable, Equatable {
    public var bookingId: UUID
    /// The human booking number, digits only; also the Kaspi pay-by-account `account`.
    public var number: String
    public var apartmentId: UUID
    /// Telegram user id of the apartment's realtor.
    public var realtorId: Int64
    /// Telegram user id of the guest.
    public var guestId: Int64
    /// The guest's private chat with the bot (where notifications go).
    public var guestChatId: Int64
    /// Check-in instant (UTC).
    public var checkIn: Date
    /// Check-out instant (UTC), after `checkIn`.
    public var checkOut: Date
    /// Nights between the business dates (UTC+5) of check-in and check-out, 1…30.
    public var nights: Int
    /// Integer tiyn (1 ₸ = 100 tiyn), fixed when the hold was placed.
    public var pricePerNightTiyn: Int64
    /// `pricePerNightTiyn × nights`.
    public var totalTiyn: Int64
    public var status: BookingStatus
    /// When an unpaid hold expires; nil once paid.
    public var holdExpiresAt: Date?
    public var paidAt: Date?
    public var cancelledAt: Date?
    /// Refund owed for a cancelled paid booking, in tiyn; nil when nothing is owed.
    public var refundTiyn: Int64?
    public var createdAt: Date

    public init(bookingId: UUID, number: String, apartmentId: UUID, realtorId: Int64, guestId: Int64,
                guestChatId: Int64, checkIn: Date, checkOut: Date, nights: Int, pricePerNightTiyn: Int64,
                totalTiyn: Int64, status: BookingStatus, holdExpiresAt: Date?, paidAt: Date?, cancelledAt: Date?,
                refundTiyn: Int64?, createdAt: Date)
    {
        self.bookingId = bookingId
        self.number = number
        self.apartmentId = apartmentId
        self.realtorId = realtorId
        self.guestId = guestId
        self.guestChatId = guestChatId
        self.checkIn = checkIn
        self.checkOut = checkOut
        self.nights = nights
        self.pricePerNightTiyn = pricePerNightTiyn
        self.totalTiyn = totalTiyn
        self.status = status
        self.holdExpiresAt = holdExpiresAt
        self.paidAt = paidAt
        self.cancelledAt = cancelledAt
        self.refundTiyn = refundTiyn
        self.createdAt = createdAt
    }
}
