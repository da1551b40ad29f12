import Contracts
import Database
import Foundation
import Messaging

/// Answers `booking.get.v1` and `booking.guest.list.v1`. A guest only ever sees their own bookings.
struct BookingQueryHandler: Sendable {
    let database: DatabasePool
    let bookings = BookingRepository()
    /// Quoted with every found booking, so the gateway's «cancel?» question matches what cancelling refunds.
    var refundTiers = RefundTiers.standard

    func get(_ request: GetBooking) async throws -> BookingLookup {
        guard let booking = try await bookings.find(request.bookingId, on: database) else {
            return BookingLookup(booking: nil)
        }
        if let guestId = request.guestId, guestId != booking.guestId { return BookingLookup(booking: nil) }
        return BookingLookup(booking: booking.summary, refundTiers: refundTiers.tiers)
    }

    func list(_ request: ListGuestBookings) async throws -> GuestBookingsPage {
        guard (1...50).contains(request.limit), request.offset >= 0 else {
            throw RPCRemoteError(code: "bad_request", message: "limit must be 1…50 and offset not negative")
        }
        let page = switch request.scope {
        case .current:
            try await bookings.list(guestId: request.guestId, statuses: BookingStatus.live, ascending: true,
                                    offset: request.offset, limit: request.limit, on: database)
        case .history:
            try await bookings.list(guestId: request.guestId, statuses: [.completed, .cancelled, .expired],
                                    ascending: false, offset: request.offset, limit: request.limit, on: database)
        }
        return GuestBookingsPage(bookings: page.bookings.map(\.summary), total: page.total)
    }
}
