import Contracts
import Foundation
import Messaging

/// ``BookingDirectory`` over the bus: booking's `GetBooking` (asked as a service, without `guestId`).
struct BusBookingDirectory: BookingDirectory {
    let bus: MessageBus

    func booking(_ id: UUID) async throws -> BookingSummary? {
        try await bus.request(Envelope(GetBooking(bookingId: id), producer: .catalog)).payload.booking
    }
}
