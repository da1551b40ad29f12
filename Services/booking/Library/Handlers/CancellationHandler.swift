import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// Answers `booking.cancel.v1`: a held booking is cancelled without refund, a paid one with the refund of the
/// tier the time left before check-in falls into; after check-in nothing can be cancelled. The apartment's realtor
/// or a superadmin (`actor`) may cancel before check-in too, and then a paid booking is refunded in full.
struct CancellationHandler: Sendable {
    let database: DatabasePool
    let transitions: BookingTransitions
    let clock: BusinessClock
    let tiers: RefundTiers
    let bookings = BookingRepository()

    func cancel(_ envelope: Envelope<CancelBooking>, logger: Logger) async throws -> CancelOutcome {
        let request = envelope.payload
        let outcome = try await database.withTransaction { transaction -> CancelOutcome in
            guard let booking = try await bookings.find(request.bookingId, on: transaction, forUpdate: true)
            else { return CancelOutcome(result: .notFound) }
            let by: BookingCancelled.CancelledBy
            switch request.actor?.role {
            case nil, .guest?:
                guard booking.guestId == (request.actor?.userId ?? request.guestId) else {
                    return CancelOutcome(result: .notFound)
                }
                by = .guest
            case .realtor?:
                guard request.actor?.userId == booking.realtorId else { return CancelOutcome(result: .notFound) }
                by = .realtor
            case .superadmin?:
                by = .superadmin
            }
            let now = clock.now()
            switch booking.status {
            case .cancelled:
                return CancelOutcome(result: .cancelled, booking: booking.summary,
                                     refundPercent: booking.refundPercent ?? 0)
            case .checkedIn, .completed, .expired, .noShow:
                return CancelOutcome(result: .notCancellable, booking: booking.summary)
            case .held:
                let cancelled = try await transitions.apply(
                    .cancel, to: booking, at: now,
                    detail: .cancellation(by: by, refundPercent: 0, refundTiyn: nil),
                    cause: envelope.metadata, in: transaction)
                return CancelOutcome(result: .cancelled, booking: cancelled.summary, refundPercent: 0)
            case .paid:
                // The host cancelling owes the guest everything; the guest gets what the tiers give.
                let percent = by == .guest ? tiers.percent(timeLeft: booking.checkIn.timeIntervalSince(now))
                    : (booking.checkIn > now ? 100 : nil)
                guard let percent else {
                    return CancelOutcome(result: .notCancellable, booking: booking.summary)
                }
                let refund = RefundTiers.refund(of: booking.totalTiyn, percent: percent)
                let cancelled = try await transitions.apply(
                    .cancel, to: booking, at: now,
                    detail: .cancellation(by: by, refundPercent: percent, refundTiyn: refund),
                    cause: envelope.metadata, in: transaction)
                return CancelOutcome(result: .cancelled, booking: cancelled.summary, refundPercent: percent)
            }
        }
        if outcome.result == .cancelled, let booking = outcome.booking {
            logger.info("booking cancelled", metadata: [
                "booking.id": "\(booking.bookingId)", "cancelled.by": "\(request.actor?.role.rawValue ?? "guest")",
                "refund.percent": "\(outcome.refundPercent ?? 0)",
                "refund.tiyn": "\(booking.refundTiyn ?? 0)",
            ])
        }
        return outcome
    }
}
