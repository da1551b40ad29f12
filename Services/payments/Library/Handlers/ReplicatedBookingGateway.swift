import Contracts
import Foundation
import Logging
import ServiceRuntime

/// Answers `CheckPayable` from payments' replica of live holds when it can vouch for the booking (a hold known to
/// be live by the business clock — its expiry is in the row — and not yet settled or cancelled), otherwise asks booking
/// (`fallback`): right after the hold, before `booking.held.v1` arrived, and for every booking that cannot be paid.
/// Settling always goes to booking — `pay` stays authoritative, so a replica lagging behind can at worst make a
/// `check` say «OK» for a booking that `pay` then refuses, as when the booking changes between check and pay.
struct ReplicatedBookingGateway: BookingGateway {
    let replica: PayableBookingReplica
    let fallback: any BookingGateway
    let clock: BusinessClock
    let logger: Logger

    func checkPayable(account: String) async throws -> PayableStatus {
        do {
            if let booking = try await replica.payableHold(account: account, now: clock.now()) {
                return PayableStatus(result: .payable, booking: booking)
            }
        } catch {
            logger.warning("cannot read the payable-bookings replica, asking booking",
                           metadata: ["kaspi.account": "\(account)", "error": "\(error)"])
        }
        return try await fallback.checkPayable(account: account)
    }

    /// Settles with booking, then closes the booking in the replica whenever booking said it cannot take (more)
    /// money: every settlement goes through payments, so no `booking.paid.v1` needs to be consumed for that.
    func settle(_ request: SettlePayment) async throws -> SettlementOutcome {
        let outcome = try await fallback.settle(request)
        switch outcome.result {
        case .settled, .alreadyPaid, .expired, .cancelled:
            guard let booking = outcome.booking else { break }
            do {
                try await replica.closed(booking)
            } catch {
                logger.warning("cannot close the booking in the payable-bookings replica", metadata: [
                    "booking.id": "\(booking.bookingId)", "error": "\(error)",
                ])
            }
        case .amountMismatch, .notFound:
            break
        }
        return outcome
    }
}
