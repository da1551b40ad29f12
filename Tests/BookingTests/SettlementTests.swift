@testable import Booking
import Contracts
import Database
import Foundation
import Messaging
import Testing

/// Payments' questions: is the booking payable, and settle it exactly once.
@Suite struct SettlementTests {
    @Test func settlingIsIdempotentByPaymentReference() async throws {
        try await withBookingDatabase { booking in
            let held = try await booking.heldBooking()
            let first = try await booking.settle(held, reference: "account:777")
            #expect(first.result == .settled && first.booking?.status == .paid)
            let again = try await booking.settle(held, reference: "account:777")
            #expect(again.result == .settled && again.booking == first.booking)
            async let racing1 = booking.settle(held, reference: "account:777")
            async let racing2 = booking.settle(held, reference: "account:777")
            #expect(try await [racing1, racing2].allSatisfy { $0.result == .settled })
            #expect(try await booking.outboxEvents(BookingPaid.self).count == 1)
            // Another payment for the paid booking is refused.
            let other = try await booking.settle(held, reference: "qr:888")
            #expect(other.result == .alreadyPaid)
            #expect(try await booking.engine.payments.check(CheckPayable(account: held.number)).result == .alreadyPaid)
        }
    }

    @Test func racingPaymentsWithDifferentReferencesCreditOne() async throws {
        try await withBookingDatabase { booking in
            let held = try await booking.heldBooking()
            let results = try await withThrowingTaskGroup(of: SettlementOutcome.Result.self) { group in
                for index in 0..<6 {
                    group.addTask { try await booking.settle(held, reference: "account:\(index)").result }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.filter { $0 == .settled }.count == 1)
            #expect(results.filter { $0 == .alreadyPaid }.count == 5)
            #expect(try await booking.outboxEvents(BookingPaid.self).count == 1)
        }
    }

    @Test func anExpiredHoldCannotBePaid() async throws {
        try await withBookingDatabase { booking in
            let held = try await booking.heldBooking()
            #expect(try await booking.engine.payments.check(CheckPayable(account: held.number)).result == .payable)
            booking.clock.advance(by: 15 * 60)
            // Expired by the clock even before the scheduler moved it.
            #expect(try await booking.engine.payments.check(CheckPayable(account: held.number)).result == .expired)
            #expect(try await booking.settle(held).result == .expired)
            try await booking.engine.scheduler.runDue()
            #expect(try await booking.settle(held).result == .expired)
            #expect(try await booking.status(held.bookingId) == .expired)
            #expect(try await booking.outboxEvents(BookingPaid.self).isEmpty)
        }
    }

    @Test func theAmountMustMatchTheTotal() async throws {
        try await withBookingDatabase { booking in
            let held = try await booking.heldBooking()
            let short = try await booking.settle(held, amount: held.totalTiyn - 1)
            #expect(short.result == .amountMismatch && short.booking?.status == .held)
            #expect(try await booking.settle(held, amount: held.totalTiyn + 100).result == .amountMismatch)
            #expect(try await booking.status(held.bookingId) == .held)
            #expect(try await booking.settle(held).result == .settled)
        }
    }

    @Test func unknownCancelledAndMalformedAccounts() async throws {
        try await withBookingDatabase { booking in
            let held = try await booking.heldBooking()
            _ = try await booking.cancel(held)
            #expect(try await booking.engine.payments.check(CheckPayable(account: held.number)).result == .cancelled)
            #expect(try await booking.settle(held).result == .cancelled)
            for account in ["999999", "abc", "", "12a", "-100001", String(repeating: "9", count: 30)] {
                #expect(try await booking.engine.payments.check(CheckPayable(account: account)).result == .notFound)
                let outcome = try await booking.engine.payments.settle(
                    request(SettlePayment(account: account, amountTiyn: 100, paymentReference: "account:\(account)x",
                                          paidAt: testNow)), logger: testLogger)
                #expect(outcome.result == .notFound)
            }
        }
    }
}
