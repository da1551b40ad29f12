import Contracts
import Database
import Foundation
import Messaging
@testable import Payments
import ServiceRuntime
import TestSupport
import Testing

/// Kaspi's `check` answered from payments' replica of live holds, and booking asked whenever the replica cannot
/// vouch for the booking.
@Suite struct PayableBookingReplicaTests {
    /// Asks the booking double over the bus and counts the `CheckPayable` calls that reached it.
    struct CountingGateway: BookingGateway {
        let inner: BusBookingGateway
        let checks = Calls()

        func checkPayable(account: String) async throws -> PayableStatus {
            await checks.add()
            return try await inner.checkPayable(account: account)
        }

        func settle(_ request: SettlePayment) async throws -> SettlementOutcome { try await inner.settle(request) }
    }

    actor Calls {
        private(set) var count = 0
        func add() { count += 1 }
    }

    private func gateway(_ payments: PaymentsFixture) -> (ReplicatedBookingGateway, CountingGateway) {
        let counting = CountingGateway(inner: BusBookingGateway(bus: payments.bus))
        let replicated = ReplicatedBookingGateway(replica: PayableBookingReplica(database: payments.pool),
                                                  fallback: counting, clock: .system, logger: testLogger)
        return (replicated, counting)
    }

    @Test func checkOfAKnownLiveHoldIsAnsweredWithoutAskingBooking() async throws {
        try await withPaymentsFixture { payments in
            let (gateway, counting) = gateway(payments)
            let endpoint = payments.endpoint(gateway: gateway)
            let booking = await payments.booking.hold(totalTiyn: 1_500_000)

            // Before booking.held.v1 arrived: booking is asked.
            let early = try await payments.call(["command": "check", "txn_id": PaymentsFixture.newTxnId(),
                                                 "account": booking.number, "sum": "15000.00"], endpoint: endpoint)
            #expect(early.result == 0 && early.sum == "15000.00")
            #expect(await counting.checks.count == 1)

            try await BookingReplicaHandler(replica: gateway.replica).held(BookingHeld(booking: booking))
            let check = try await payments.call(["command": "check", "txn_id": PaymentsFixture.newTxnId(),
                                                 "account": booking.number, "sum": "15000.00"], endpoint: endpoint)
            #expect(check.raw == early.raw.replacingTxnId(of: early, with: check))
            #expect(check.result == 0 && check.sum == "15000.00")
            let wrongSum = try await payments.call(["command": "check", "txn_id": PaymentsFixture.newTxnId(),
                                                    "account": booking.number, "sum": "1.00"], endpoint: endpoint)
            #expect(wrongSum.result == 5 && wrongSum.sum == "15000.00")
            #expect(await counting.checks.count == 1)

            // Pay still goes to booking, and settling closes the booking in the replica: check asks booking again.
            let txnId = PaymentsFixture.newTxnId()
            let pay = try await payments.pay(booking.number, txnId: txnId, sum: "15000.00", endpoint: endpoint)
            #expect(pay.result == 0)
            #expect(await payments.booking.settleCalls == 1)
            let after = try await payments.call(["command": "check", "txn_id": PaymentsFixture.newTxnId(),
                                                 "account": booking.number], endpoint: endpoint)
            #expect(after.result == 3)
            #expect(await counting.checks.count == 2)
        }
    }

    @Test func aClosedBookingIsNeverReopenedByALateHeldEvent() async throws {
        try await withPaymentsFixture { payments in
            let replica = PayableBookingReplica(database: payments.pool)
            let handler = BookingReplicaHandler(replica: replica)
            let held = await payments.booking.hold(totalTiyn: 700_000)
            var cancelled = held
            cancelled.status = .cancelled

            // booking.cancelled.v1 overtook booking.held.v1 (two consumers), and both are redelivered.
            let cancellation = BookingCancelled(booking: cancelled, wasPaid: false, refundPercent: 0, cancelledBy: .guest)
            let cancellations = BookingCancelledHandler(database: payments.pool, inbox: Inbox(), outbox: payments.outbox,
                                                        clock: .system, replica: replica)
            try await cancellations.handle(Envelope(cancellation, producer: .booking), logger: testLogger)
            try await handler.held(BookingHeld(booking: held))
            try await handler.held(BookingHeld(booking: held))
            try await cancellations.handle(Envelope(cancellation, producer: .booking), logger: testLogger)

            #expect(try await replica.payableHold(account: held.number, now: Date()) == nil)
            #expect(try await payments.count("payable_bookings") == 1)
        }
    }

    @Test func anExpiredEventClosesTheHoldEvenWhenPaymentsClockSaysItIsStillLive() async throws {
        try await withPaymentsFixture { payments in
            let replica = PayableBookingReplica(database: payments.pool)
            let handler = BookingReplicaHandler(replica: replica)
            let held = await payments.booking.hold(totalTiyn: 800_000)
            try await handler.held(BookingHeld(booking: held))
            #expect(try await replica.payableHold(account: held.number, now: Date()) != nil)

            // Booking's scheduler expired it by its clock, ahead of ours.
            var expired = held
            expired.status = .expired
            try await handler.expired(BookingExpired(booking: expired))
            try await handler.held(BookingHeld(booking: held))

            #expect(try await replica.payableHold(account: held.number, now: Date()) == nil)
        }
    }

    @Test func aHoldPastItsExpiryOrAnUnknownAccountIsAskedOfBooking() async throws {
        try await withPaymentsFixture { payments in
            let (gateway, counting) = gateway(payments)
            let booking = await payments.booking.hold(totalTiyn: 900_000)
            try await gateway.replica.held(booking)
            #expect(try await gateway.replica.payableHold(account: booking.number, now: Date())?.bookingId == booking.bookingId)

            // By the business clock the hold has run out (whatever booking's scheduler did yet): booking decides.
            await payments.booking.setStatus(booking.number, .expired)
            let late = ReplicatedBookingGateway(replica: gateway.replica, fallback: counting,
                                                clock: BusinessClock(shift: 3600), logger: testLogger)
            #expect(try await late.checkPayable(account: booking.number).result == .expired)
            #expect(try await gateway.checkPayable(account: "424242").result == .notFound)
            #expect(await counting.checks.count == 2)
        }
    }
}

private extension Data {
    /// `self` (an answer to `original`) with `original`'s txn_id replaced by `other`'s, to compare answers to two
    /// checks byte for byte.
    func replacingTxnId(of original: KaspiAnswer, with other: KaspiAnswer) -> Data {
        Data(String(decoding: self, as: UTF8.self)
            .replacingOccurrences(of: "\"\(original.txnId)\"", with: "\"\(other.txnId)\"").utf8)
    }
}
