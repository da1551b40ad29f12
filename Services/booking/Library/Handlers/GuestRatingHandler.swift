import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// `booking.guest.rate.v1`: the apartment's realtor (or a superadmin) rates the guest of a completed stay, once.
struct GuestRatingHandler: Sendable {
    let database: DatabasePool
    let outbox: Outbox
    let clock: BusinessClock
    let bookings = BookingRepository()

    func rate(_ envelope: Envelope<RateGuest>, logger: Logger) async throws -> GuestRatingOutcome {
        let request = envelope.payload
        let comment = request.comment?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...5).contains(request.rating), (comment?.count ?? 0) <= 500 else {
            return GuestRatingOutcome(result: .invalid)
        }
        let now = clock.now()
        let outcome = try await database.withTransaction { transaction -> GuestRatingOutcome in
            guard let booking = try await bookings.find(request.bookingId, on: transaction),
                  RealtorAccess.may(request.actor, touch: booking.realtorId)
            else { return GuestRatingOutcome(result: .notFound) }
            guard booking.status == .completed else { return GuestRatingOutcome(result: .notRateable) }
            let inserted = try await transaction.execute("""
                INSERT INTO guest_ratings (booking_id, guest_id, realtor_id, rated_by, rating, violation, comment,
                                           created_at)
                VALUES (\(booking.id), \(booking.guestId), \(booking.realtorId), \(request.actor.userId),
                        \(request.rating), \(request.violation), \(comment?.isEmpty == false ? comment : nil), \(now))
                ON CONFLICT (booking_id) DO NOTHING
                """)
            guard inserted == 1 else { return GuestRatingOutcome(result: .alreadyRated) }
            _ = try await outbox.publish(GuestRated(bookingId: booking.id, apartmentId: booking.apartmentId,
                                                    guestId: booking.guestId, realtorId: booking.realtorId,
                                                    rating: request.rating, violation: request.violation,
                                                    occurredAt: now),
                                         causedBy: envelope.metadata, in: transaction)
            return GuestRatingOutcome(result: .rated)
        }
        if outcome.result == .rated {
            logger.info("guest rated", metadata: ["booking.id": "\(request.bookingId)", "rating": "\(request.rating)",
                                                  "violation": "\(request.violation)"])
        }
        return outcome
    }
}
