import Contracts
import Foundation
import Logging
import ServiceRuntime

/// Answers `CheckPayable` from payments' replica of live holds when it can vouch for the booking (a hold known to
/// be live by the business clock and not yet known to be paid, expired or cancelled), otherwise asks booking
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

    func settle(_ request: SettlePayment) async throws -> SettlementOutcome {
        try await fallback.settle(request)
    }
}
