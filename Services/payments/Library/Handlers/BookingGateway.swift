import Contracts
import Foundation
import Messaging

/// What payments asks the booking service (RPC over the bus). A protocol so the handlers can be exercised with
/// any answerer; at runtime it is always ``BusBookingGateway``.
protocol BookingGateway: Sendable {
    /// `CheckPayable`. Throws `RPCError` when booking cannot be asked (then nothing is known).
    func checkPayable(account: String) async throws -> PayableStatus
    /// `SettlePayment`, idempotent by `paymentReference`. Throws `RPCError` when the outcome is unknown.
    func settle(_ request: SettlePayment) async throws -> SettlementOutcome
}

struct BusBookingGateway: BookingGateway {
    let bus: MessageBus
    var timeout: Duration?

    func checkPayable(account: String) async throws -> PayableStatus {
        try await bus.request(Envelope(CheckPayable(account: account), producer: .payments), timeout: timeout).payload
    }

    func settle(_ request: SettlePayment) async throws -> SettlementOutcome {
        try await bus.request(Envelope(request, producer: .payments), timeout: timeout).payload
    }
}
