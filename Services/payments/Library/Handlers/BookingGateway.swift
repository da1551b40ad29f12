import Contracts
import Foundation

/// What payments asks the booking service (RPC over the bus). A protocol so the handlers can be exercised with
/// any answerer; at runtime it is always ``BusBookingGateway``.
protocol BookingGateway: Sendable {
    /// `CheckPayable`. Throws `RPCError` when booking cannot be asked (then nothing is known).
    func checkPayable(account: String) async throws -> PayableStatus
    /// `SettlePayment`, idempotent by `paymentReference`. Throws `RPCError` when the outcome is unknown.
    func settle(_ request: SettlePayment) async throws -> SettlementOutcome
}
