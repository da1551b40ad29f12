import Contracts
import Database
import Foundation
import Logging
import Messaging
@testable import Payments
import ServiceRuntime
import TestSupport
import Testing

/// Refunds on `booking.cancelled.v1`.
@Suite struct RefundTests {
    func cancelled(_ booking: BookingSummary, refundTiyn: Int64?, wasPaid: Bool = true) -> Envelope<BookingCancelled> {
        var summary = booking
        summary.status = .cancelled
        summary.refundTiyn = refundTiyn
        return Envelope(BookingCancelled(booking: summary, wasPaid: wasPaid, refundPercent: 50, cancelledBy: .guest),
                        producer: .booking)
    }

    @Test func accountPaymentRefundIsRecordedAsDueOnceForAnOperator() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 1_000_000)
            let txnId = PaymentsFixture.newTxnId()
            #expect(try await payments.pay(booking.number, txnId: txnId, sum: "10000.00").result == 0)
            let handler = BookingCancelledHandler(database: payments.pool, inbox: Inbox(), outbox: payments.outbox,
                                                  clock: .system)
            let event = cancelled(booking, refundTiyn: 500_000)
            try await handler.handle(event, logger: testLogger)
            try await handler.handle(event, logger: testLogger)  // redelivered
            // Another delivery path of the same fact (a re-published copy with a new id) refunds nothing twice.
            try await handler.handle(cancelled(booking, refundTiyn: 500_000), logger: testLogger)

            let due = try await payments.published(RefundDue.self)
            #expect(due.count == 1)
            #expect(due.first?.amountTiyn == 500_000 && due.first?.bookingId == booking.bookingId)
            #expect(due.first?.reason == "pay_by_account_has_no_refund_call")
            let row = try #require(try await payments.pool.queryFirst("SELECT status, method, kaspi_reference FROM refunds"))
            #expect(try row.decode("status", as: String.self) == "due")
            #expect(try row.decode("method", as: String.self) == "operator")
            #expect(try row.decode("kaspi_reference", as: String.self) == txnId)
            #expect(try await payments.published(RefundCompleted.self).isEmpty)
        }
    }

    @Test func nothingIsRefundedWhenNothingIsOwed() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 1_000_000)
            #expect(try await payments.pay(booking.number, txnId: PaymentsFixture.newTxnId(), sum: "10000.00").result == 0)
            let handler = BookingCancelledHandler(database: payments.pool, inbox: Inbox(), outbox: payments.outbox,
                                                  clock: .system)
            try await handler.handle(cancelled(booking, refundTiyn: 0), logger: testLogger)
            try await handler.handle(cancelled(booking, refundTiyn: nil, wasPaid: false), logger: testLogger)
            #expect(try await payments.count("refunds") == 0)
            #expect(try await payments.published(RefundDue.self).isEmpty)
        }
    }
}
