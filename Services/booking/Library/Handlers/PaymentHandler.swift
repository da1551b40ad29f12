import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// Answers payments' `booking.payment.check.v1` and `booking.payment.settle.v1`. Settling moves a live hold to
/// paid atomically (the row is locked), only while the hold has not expired by the business clock and only for
/// the exact total; settling the same payment reference again answers `settled` again.
struct PaymentHandler: Sendable {
    let database: DatabasePool
    let transitions: BookingTransitions
    let clock: BusinessClock
    let bookings = BookingRepository()

    func check(_ request: CheckPayable) async throws -> PayableStatus {
        guard let number = Self.number(request.account),
              let booking = try await bookings.find(number: number, on: database)
        else { return PayableStatus(result: .notFound) }
        return PayableStatus(result: Self.payability(of: booking, now: clock.now()), booking: booking.summary)
    }

    func settle(_ envelope: Envelope<SettlePayment>, logger: Logger) async throws -> SettlementOutcome {
        let request = envelope.payload
        guard let number = Self.number(request.account) else { return SettlementOutcome(result: .notFound) }
        let outcome = try await database.withTransaction { transaction -> SettlementOutcome in
            guard let booking = try await bookings.find(number: number, on: transaction, forUpdate: true) else {
                return SettlementOutcome(result: .notFound)
            }
            if booking.paymentReference == request.paymentReference {
                return SettlementOutcome(result: .settled, booking: booking.summary)
            }
            switch Self.payability(of: booking, now: clock.now()) {
            case .payable:
                guard request.amountTiyn == booking.totalTiyn else {
                    return SettlementOutcome(result: .amountMismatch, booking: booking.summary)
                }
                let paid = try await transitions.apply(
                    .pay, to: booking, at: clock.now(),
                    detail: .payment(reference: request.paymentReference, paidAt: request.paidAt),
                    cause: envelope.metadata, in: transaction)
                return SettlementOutcome(result: .settled, booking: paid.summary)
            case .alreadyPaid: return SettlementOutcome(result: .alreadyPaid, booking: booking.summary)
            case .expired: return SettlementOutcome(result: .expired, booking: booking.summary)
            case .cancelled: return SettlementOutcome(result: .cancelled, booking: booking.summary)
            case .notFound: return SettlementOutcome(result: .notFound)
            }
        }
        logger.info("payment settlement answered", metadata: [
            "booking.number": "\(request.account)", "payment.reference": "\(request.paymentReference)",
            "result": "\(outcome.result.rawValue)",
        ])
        return outcome
    }

    /// Whether `booking` can take money at `now`. A hold past its expiry is expired even before the scheduler
    /// has moved it.
    static func payability(of booking: Booking, now: Date) -> PayableStatus.Result {
        switch booking.status {
        case .held: booking.holdExpiresAt > now ? .payable : .expired
        case .paid, .checkedIn, .completed, .noShow: .alreadyPaid
        case .expired: .expired
        case .cancelled: .cancelled
        }
    }

    /// A booking number is digits only (the Kaspi `account`).
    static func number(_ account: String) -> Int64? {
        let trimmed = account.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, trimmed.count <= 18, trimmed.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return nil
        }
        return Int64(trimmed)
    }
}
