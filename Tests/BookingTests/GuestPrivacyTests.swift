@testable import Booking
import Contracts
import Database
import Foundation
import Messaging
import Testing

/// A guest sees and cancels only their own bookings.
@Suite struct GuestPrivacyTests {
    @Test func anotherGuestCannotSeeOrCancelABooking() async throws {
        try await withBookingDatabase { booking in
            let mine = try await booking.paidBooking(guest: 100)
            let queries = booking.engine.queries
            #expect(try await queries.get(GetBooking(bookingId: mine.bookingId, guestId: 100)).booking == mine)
            #expect(try await queries.get(GetBooking(bookingId: mine.bookingId, guestId: 200)).booking == nil)
            #expect(try await queries.get(GetBooking(bookingId: mine.bookingId)).booking == mine)
            #expect(try await queries.get(GetBooking(bookingId: UUID(), guestId: 100)).booking == nil)

            let theirs = try await queries.list(ListGuestBookings(guestId: 200, scope: .current, offset: 0, limit: 10))
            #expect(theirs.bookings.isEmpty && theirs.total == 0)
            let own = try await queries.list(ListGuestBookings(guestId: 100, scope: .current, offset: 0, limit: 10))
            #expect(own.bookings == [mine] && own.total == 1)

            let foreign = try await booking.cancel(mine, guest: 200)
            #expect(foreign.result == .notFound && foreign.booking == nil)
            #expect(try await booking.status(mine.bookingId) == .paid)
        }
    }

    @Test func theCabinetPaginatesCurrentAndHistory() async throws {
        try await withBookingDatabase { booking in
            // Cancelled first: a guest may have only three unpaid holds at once.
            let cancelled = try await booking.heldBooking(guest: 300)
            _ = try await booking.cancel(cancelled)
            var current: [UUID] = []
            for day in [9, 3, 6] {
                let held = try await booking.heldBooking(guest: 300, checkIn: businessInstant(daysFromToday: day, hour: 14),
                                                         checkOut: businessInstant(daysFromToday: day + 1, hour: 12))
                current.append(held.bookingId)
            }
            let queries = booking.engine.queries
            let first = try await queries.list(ListGuestBookings(guestId: 300, scope: .current, offset: 0, limit: 2))
            #expect(first.total == 3 && first.bookings.map(\.bookingId) == [current[1], current[2]])
            let second = try await queries.list(ListGuestBookings(guestId: 300, scope: .current, offset: 2, limit: 2))
            #expect(second.total == 3 && second.bookings.map(\.bookingId) == [current[0]])
            let beyond = try await queries.list(ListGuestBookings(guestId: 300, scope: .current, offset: 5, limit: 2))
            #expect(beyond.total == 3 && beyond.bookings.isEmpty)
            let history = try await queries.list(ListGuestBookings(guestId: 300, scope: .history, offset: 0, limit: 10))
            #expect(history.bookings.map(\.bookingId) == [cancelled.bookingId])
            await #expect(throws: RPCRemoteError.self) {
                try await queries.list(ListGuestBookings(guestId: 300, scope: .history, offset: 0, limit: 51))
            }
        }
    }
}
