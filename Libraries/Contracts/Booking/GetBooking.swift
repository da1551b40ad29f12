import Foundation

/// RPC: one booking. With `guestId` it is answered only when the booking is that guest's (anyone else's
/// booking looks exactly like a missing one). Without `guestId` (services: catalog, payments, notifier) it is
/// answered for any booking.
public struct GetBooking: RPCRequest {
    public typealias Response = BookingLookup
    public static let messageType: MessageType = "booking.get.v1"
    public static let destination: ServiceName = .booking

    public var bookingId: UUID
    public var guestId: Int64?

    public init(bookingId: UUID, guestId: Int64? = nil) {
        self.bookingId = bookingId
        self.guestId = guestId
    }
}

/// Reply to ``GetBooking``: nil when not found (or not the guest's).
public struct BookingLookup: Message {
    public static let messageType: MessageType = "booking.get.reply.v1"

    public var booking: BookingSummary?

    public init(booking: BookingSummary?) { self.booking = booking }
}
