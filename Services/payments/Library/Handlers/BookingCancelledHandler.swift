import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// `booking.cancelled.v1` with money to return: a Kaspi return for partner-API payments (done by the
/// ``RefundProcessor``, `RefundCompleted` when Kaspi confirmed), or a refund due for pay-by-account payments — that
/// protocol has no refund call, so an operator pays it (`RefundDue`), never faked as automatic. Idempotent (inbox).
/// Every cancellation also closes the booking in the payable-bookings replica (when one is given).
struct BookingCancelledHandler: Sendable {
    let database: DatabasePool
    let inbox: Inbox
    let outbox: Outbox
    let clock: BusinessClock
    var replica: PayableBookingReplica? = nil
    let payments = PaymentRepository()
    let refunds = RefundRepository()

    func handle(_ envelope: Envelope<BookingCancelled>, logger: Logger) async throws {
        let cancelled = envelope.payload
        let booking = cancelled.booking
        try await replica?.closed(booking)
        guard cancelled.wasPaid, let owed = booking.refundTiyn, owed > 0 else { return }
        try await inbox.handleOnce(envelope.metadata, database: database) { transaction in
            let credited = try await payments.payments(bookingId: booking.bookingId, in: transaction)
            guard let payment = credited.first else {
                // Paid, but not through us (or our record is missing): an operator must look at it.
                if let id = try await refunds.insert(bookingId: booking.bookingId, paymentId: nil, amountTiyn: owed,
                                                     method: .manual, reason: "booking_cancelled",
                                                     kaspiReference: "unknown", in: transaction)
                {
                    try await outbox.publish(RefundDue(refundId: id, bookingId: booking.bookingId, amountTiyn: owed,
                                                       reason: "no_payment_record", occurredAt: clock.now()),
                                             causedBy: envelope.metadata, in: transaction)
                }
                logger.error("refund owed for a booking without a recorded payment", metadata: [
                    "booking.id": "\(booking.bookingId)",
                ])
                return
            }
            let amount = min(owed, payment.amountTiyn)
            switch payment.channel {
            case .account:
                if let id = try await refunds.insert(bookingId: booking.bookingId, paymentId: payment.id,
                                                     amountTiyn: amount, method: .manual, reason: "booking_cancelled",
                                                     kaspiReference: payment.kaspiId, in: transaction)
                {
                    try await outbox.publish(RefundDue(refundId: id, bookingId: booking.bookingId, amountTiyn: amount,
                                                       reason: "pay_by_account_has_no_refund_call",
                                                       occurredAt: clock.now()),
                                             causedBy: envelope.metadata, in: transaction)
                }
            case .invoice, .link:
                _ = try await refunds.insert(bookingId: booking.bookingId, paymentId: payment.id, amountTiyn: amount,
                                             method: .kaspiReturn, reason: "booking_cancelled",
                                             kaspiReference: payment.kaspiId, in: transaction)
            }
            logger.info("refund recorded", metadata: [
                "booking.id": "\(booking.bookingId)", "refund.amount_tiyn": "\(amount)",
                "payment.channel": "\(payment.channel.rawValue)",
            ])
        }
    }
}
