import Contracts
import Database
import Foundation
import Messaging

/// Keeps `booking_occupancy` from booking's events, from which an apartment's status is derived
/// (``ApartmentOccupancy``). A booking's row only moves forward (paid → checked_in → finished), so events
/// redelivered or arriving out of order change nothing backwards.
struct BookingOccupancyHandler: Sendable {
    let database: DatabasePool
    let inbox: Inbox

    enum Stage: String, Sendable {
        case paid
        case checkedIn = "checked_in"
        case finished

        var rank: Int {
            switch self {
            case .paid: 1
            case .checkedIn: 2
            case .finished: 3
            }
        }
    }

    func paid(_ envelope: Envelope<BookingPaid>) async throws {
        try await record(envelope.metadata, envelope.payload.booking, .paid)
    }

    func checkedIn(_ envelope: Envelope<BookingCheckedIn>) async throws {
        try await record(envelope.metadata, envelope.payload.booking, .checkedIn)
    }

    func completed(_ envelope: Envelope<BookingCompleted>) async throws {
        try await record(envelope.metadata, envelope.payload.booking, .finished)
    }

    func cancelled(_ envelope: Envelope<BookingCancelled>) async throws {
        try await record(envelope.metadata, envelope.payload.booking, .finished)
    }

    func expired(_ envelope: Envelope<BookingExpired>) async throws {
        try await record(envelope.metadata, envelope.payload.booking, .finished)
    }

    func noShow(_ envelope: Envelope<BookingNoShow>) async throws {
        try await record(envelope.metadata, envelope.payload.booking, .finished)
    }

    private func record(_ metadata: EnvelopeMetadata, _ booking: BookingSummary, _ stage: Stage) async throws {
        try await inbox.handleOnce(metadata, database: database) { transaction in
            // Travels with the COMMIT: the inbox row and the occupancy cost two round trips in all.
            try transaction.executeDeferred("""
                INSERT INTO booking_occupancy (booking_id, apartment_id, status, check_in, check_out)
                VALUES (\(booking.bookingId), \(booking.apartmentId), \(stage.rawValue), \(booking.checkIn),
                        \(booking.checkOut))
                ON CONFLICT (booking_id) DO UPDATE SET status = EXCLUDED.status, updated_at = now()
                WHERE (CASE booking_occupancy.status WHEN 'paid' THEN 1 WHEN 'checked_in' THEN 2 ELSE 3 END)
                      < \(stage.rank)
                """)
        }
    }
}

/// An apartment's status from the bookings the catalog has heard of: `occupied` while a stay is in progress,
/// `booked` while a paid booking is next, else `free` (PRODUCT.md, «Apartment status lifecycle»).
enum ApartmentOccupancy {
    static let free = "free"
    static let booked = "booked"
    static let occupied = "occupied"

    static func current(of apartmentId: UUID, on executor: any SQLExecutor) async throws -> String {
        let row = try await executor.queryFirst("""
            SELECT bool_or(status = 'checked_in') AS occupied, bool_or(status = 'paid') AS booked
            FROM booking_occupancy WHERE apartment_id = \(apartmentId) AND status IN ('paid', 'checked_in')
            """)
        if try row?.decode("occupied", as: Bool?.self) == true { return occupied }
        if try row?.decode("booked", as: Bool?.self) == true { return booked }
        return free
    }
}
