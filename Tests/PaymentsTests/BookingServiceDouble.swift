import Contracts
import Foundation
import Messaging

/// TEST DOUBLE OF THE BOOKING SERVICE — not the real one. It answers booking's `CheckPayable` and `SettlePayment`
/// RPCs on a real bus (the test's own RabbitMQ vhost) from state kept in this actor, following the contract's
/// documented behaviour (settling is idempotent by payment reference; only a live hold with the exact total
/// settles). The end-to-end tests with the real booking service live elsewhere (PlatformTests).
actor BookingServiceDouble {
    private var bookings: [String: BookingSummary] = [:]
    /// payment reference → booking number, for idempotent settling.
    private var settledReferences: [String: String] = [:]
    private var nextNumber = Int.random(in: 100_000...899_999)
    private(set) var settleCalls = 0

    /// A held booking for `totalTiyn` (one night).
    func hold(totalTiyn: Int64, status: BookingStatus = .held) -> BookingSummary {
        nextNumber += 1
        let now = Date()
        let summary = BookingSummary(
            bookingId: UUID(), number: String(nextNumber), apartmentId: UUID(), realtorId: 11, guestId: 22,
            guestChatId: 22, checkIn: now.addingTimeInterval(86_400), checkOut: now.addingTimeInterval(2 * 86_400),
            nights: 1, pricePerNightTiyn: totalTiyn, totalTiyn: totalTiyn, status: status,
            holdExpiresAt: status == .held ? now.addingTimeInterval(900) : nil, paidAt: nil, cancelledAt: nil,
            refundTiyn: nil, createdAt: now)
        bookings[summary.number] = summary
        return summary
    }

    func booking(_ number: String) -> BookingSummary? { bookings[number] }

    func setStatus(_ number: String, _ status: BookingStatus) {
        bookings[number]?.status = status
    }

    func references(of number: String) -> [String] {
        settledReferences.filter { $0.value == number }.map(\.key).sorted()
    }

    func check(_ request: CheckPayable) -> PayableStatus {
        guard let booking = bookings[request.account] else { return PayableStatus(result: .notFound) }
        switch booking.status {
        case .held: return PayableStatus(result: .payable, booking: booking)
        case .paid, .checkedIn, .completed, .noShow: return PayableStatus(result: .alreadyPaid, booking: booking)
        case .expired: return PayableStatus(result: .expired, booking: booking)
        case .cancelled: return PayableStatus(result: .cancelled, booking: booking)
        }
    }

    func settle(_ request: SettlePayment) -> SettlementOutcome {
        settleCalls += 1
        guard var booking = bookings[request.account] else { return SettlementOutcome(result: .notFound) }
        if settledReferences[request.paymentReference] == request.account {
            return SettlementOutcome(result: .settled, booking: booking)
        }
        switch booking.status {
        case .held:
            guard request.amountTiyn == booking.totalTiyn else {
                return SettlementOutcome(result: .amountMismatch, booking: booking)
            }
            booking.status = .paid
            booking.paidAt = request.paidAt
            booking.holdExpiresAt = nil
            bookings[request.account] = booking
            settledReferences[request.paymentReference] = request.account
            return SettlementOutcome(result: .settled, booking: booking)
        case .paid, .checkedIn, .completed, .noShow: return SettlementOutcome(result: .alreadyPaid, booking: booking)
        case .expired: return SettlementOutcome(result: .expired, booking: booking)
        case .cancelled: return SettlementOutcome(result: .cancelled, booking: booking)
        }
    }

    /// The RPC handlers, as booking's subscriptions would list them.
    nonisolated func subscriptions() -> Subscriptions {
        Subscriptions { subscriptions in
            subscriptions.onRequest(CheckPayable.self) { envelope, _ in await self.check(envelope.payload) }
            subscriptions.onRequest(SettlePayment.self) { envelope, _ in await self.settle(envelope.payload) }
        }
    }
}
