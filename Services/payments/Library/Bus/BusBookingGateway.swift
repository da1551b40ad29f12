import Contracts
import Foundation
import Messaging

/// ``BookingGateway`` over bus RPC (booking's `CheckPayable` and `SettlePayment`), with an optional timeout.
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
