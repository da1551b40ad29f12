import Contracts
import Database
import Foundation
import Messaging

/// Applies booking transitions: asks ``BookingStateMachine`` whether the move is legal, updates the row only if
/// it still has the status the move starts from, and writes the transition's event to the outbox in the same
/// transaction. Every status change of a booking goes through here.
struct BookingTransitions: Sendable {
    let outbox: Outbox

    /// What a transition records besides the status.
    enum Detail: Sendable {
        case none
        case payment(reference: String, paidAt: Date)
        case cancellation(by: BookingCancelled.CancelledBy, refundPercent: Int?, refundTiyn: Int64?)
        /// Who marked the no-show (a Telegram user id).
        case noShow(markedBy: Int64)
    }

    /// Moves `booking` (locked by the caller's transaction) by `transition` at `now`.
    ///
    /// - Throws: ``IllegalBookingTransition`` when the state machine refuses the move or the row changed under us.
    func apply(_ transition: BookingTransition, to booking: Booking, at now: Date, detail: Detail = .none,
               cause: EnvelopeMetadata? = nil, in transaction: DatabaseTransaction) async throws -> Booking
    {
        guard let target = BookingStateMachine.target(of: transition, from: booking.status) else {
            throw IllegalBookingTransition(transition: transition, status: booking.status)
        }
        let changes: SQL
        switch (transition, detail) {
        case let (.pay, .payment(reference, paidAt)):
            changes = "paid_at = \(paidAt), payment_reference = \(reference)"
        case (.pay, _):
            throw IllegalBookingTransition(transition: transition, status: booking.status)
        case (.checkIn, _):
            changes = "checked_in_at = \(now)"
        case (.complete, _):
            changes = "completed_at = \(now)"
        case (.expire, _):
            changes = "expired_at = \(now)"
        case let (.cancel, .cancellation(by, refundPercent, refundTiyn)):
            changes = """
                cancelled_at = \(now), cancelled_by = \(by.rawValue), refund_percent = \(refundPercent),
                refund_tiyn = \(refundTiyn)
                """
        case (.cancel, _):
            changes = "cancelled_at = \(now), cancelled_by = 'guest'"
        case let (.noShow, .noShow(markedBy)):
            changes = "no_show_at = \(now), no_show_by = \(markedBy)"
        case (.noShow, _):
            changes = "no_show_at = \(now)"
        }
        let rows = try await transaction.query("""
            UPDATE stays SET status = \(target.rawValue), updated_at = \(now), \(changes)
            WHERE id = \(booking.id) AND kind = 'booking' AND status = \(booking.status.rawValue)
            RETURNING \(Booking.columns)
            """)
        guard let row = rows.first else {
            throw IllegalBookingTransition(transition: transition, status: booking.status)
        }
        let moved = try Booking(row: row)
        try await publish(transition, of: moved, previous: booking, detail: detail, cause: cause, in: transaction)
        return moved
    }

    /// Records `booking.held.v1` for a new hold.
    func publishHeld(_ booking: Booking, cause: EnvelopeMetadata?, in transaction: DatabaseTransaction) async throws {
        try await publish(BookingHeld(booking: booking.summary), cause: cause, in: transaction)
    }

    private func publish(_ transition: BookingTransition, of booking: Booking, previous: Booking, detail: Detail,
                         cause: EnvelopeMetadata?, in transaction: DatabaseTransaction) async throws
    {
        let summary = booking.summary
        switch transition {
        case .pay:
            try await publish(BookingPaid(booking: summary, paymentReference: booking.paymentReference ?? ""),
                              cause: cause, in: transaction)
        case .checkIn:
            try await publish(BookingCheckedIn(booking: summary), cause: cause, in: transaction)
        case .complete:
            try await publish(BookingCompleted(booking: summary), cause: cause, in: transaction)
        case .expire:
            try await publish(BookingExpired(booking: summary), cause: cause, in: transaction)
        case .cancel:
            var by = BookingCancelled.CancelledBy.guest
            if case let .cancellation(cancelledBy, _, _) = detail { by = cancelledBy }
            try await publish(BookingCancelled(booking: summary, wasPaid: previous.status == .paid,
                                               refundPercent: booking.refundPercent ?? 0, cancelledBy: by),
                              cause: cause, in: transaction)
        case .noShow:
            var markedBy: Int64 = 0
            if case let .noShow(by) = detail { markedBy = by }
            try await publish(BookingNoShow(booking: summary, markedBy: markedBy), cause: cause, in: transaction)
        }
    }

    private func publish<E: Event>(_ event: E, cause: EnvelopeMetadata?, in transaction: DatabaseTransaction) async throws {
        if let cause {
            try await outbox.publish(event, causedBy: cause, in: transaction)
        } else {
            try await outbox.publish(event, in: transaction)
        }
    }
}
