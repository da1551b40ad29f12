import Foundation

/// RPC: a guest's bookings for the personal cabinet (PRODUCT.md scenario 4).
/// `current`: held, paid and checked-in bookings, soonest check-in first. `history`: completed, cancelled and
/// expired bookings, latest check-in first. Paginated by `offset`/`limit` (limit 1…50).
public struct ListGuestBookings: RPCRequest {
    public typealias Response = GuestBookingsPage
    public static let messageType: MessageType = "booking.guest.list.v1"
    public static let destination: ServiceName = .booking

    public enum Scope: String, Codable, Sendable, Equatable {
        case current
        case history
    }

    public var guestId: Int64
    public var scope: Scope
    public var offset: Int
    public var limit: Int

    public init(guestId: Int64, scope: Scope, offset: Int, limit: Int) {
        self.guestId = guestId
        self.scope = scope
        self.offset = offset
        self.limit = limit
    }
}

/// Reply to ``ListGuestBookings``.
public struct GuestBookingsPage: Message {
    public static let messageType: MessageType = "booking.guest.list.reply.v1"

    public var bookings: [BookingSummary]
    /// All bookings in the scope (for «стр. 2 из 5»).
    public var total: Int

    public init(bookings: [BookingSummary], total: Int) {
        self.bookings = bookings
        self.total = total
    }
}
