import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// `booking.no-show.mark.v1`: «Гость не заехал», by the apartment's realtor or a superadmin, from the start of the
/// check-in date (UTC+5) until check-out. Marking again answers `marked` (idempotent).
struct NoShowHandler: Sendable {
    let database: DatabasePool
    let transitions: BookingTransitions
    let clock: BusinessClock
    let bookings = BookingRepository()

    func mark(_ envelope: Envelope<MarkNoShow>, logger: Logger) async throws -> NoShowOutcome {
        let request = envelope.payload
        let now = clock.now()
        let outcome = try await database.withTransaction { transaction -> NoShowOutcome in
            guard let booking = try await bookings.find(request.bookingId, on: transaction, forUpdate: true),
                  RealtorAccess.may(request.actor, touch: booking.realtorId)
            else { return NoShowOutcome(result: .notFound) }
            if booking.status == .noShow { return NoShowOutcome(result: .marked, booking: booking.summary) }
            let checkInDay = BusinessClock.calendar.startOfDay(for: booking.checkIn)
            guard BookingStateMachine.isLegal(.noShow, from: booking.status), now >= checkInDay, now < booking.checkOut
            else { return NoShowOutcome(result: .tooEarlyOrLate, booking: booking.summary) }
            let marked = try await transitions.apply(.noShow, to: booking, at: now,
                                                     detail: .noShow(markedBy: request.actor.userId),
                                                     cause: envelope.metadata, in: transaction)
            return NoShowOutcome(result: .marked, booking: marked.summary)
        }
        if outcome.result == .marked {
            logger.info("no-show marked", metadata: ["booking.id": "\(request.bookingId)"])
        }
        return outcome
    }
}
