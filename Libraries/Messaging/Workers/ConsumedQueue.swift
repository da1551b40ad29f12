import Contracts
import Toolkit

/// One queue a service consumes, with everything declared around it: its exchange and bindings, the dead-letter
/// queue `<queue>.dead` and one retry queue per back-off delay (`<queue>.retry.5000ms`: fixed TTL, then
/// dead-lettered through the default exchange back to `<queue>`).
struct ConsumedQueue: Sendable {
    enum Kind: String, Sendable {
        case events, commands, requests
    }

    let kind: Kind
    let name: String
    let exchange: String
    let exchangeType: String
    let routingKeys: [String]
    /// Empty for request queues: failed requests get an error reply, not a retry.
    let retryDelays: [Duration]

    init(kind: Kind, service: ServiceName, routingKeys: [String], retryDelays: [Duration]) {
        self.kind = kind
        self.routingKeys = routingKeys
        switch kind {
        case .events:
            name = Topology.eventsQueue(service)
            exchange = Topology.eventsExchange
            exchangeType = "topic"
            self.retryDelays = retryDelays
        case .commands:
            name = Topology.commandsQueue(service)
            exchange = Topology.commandsExchange
            exchangeType = "direct"
            self.retryDelays = retryDelays
        case .requests:
            name = Topology.rpcQueue(service)
            exchange = Topology.rpcExchange
            exchangeType = "direct"
            self.retryDelays = []
        }
    }

    var deadLetterQueue: String { Topology.deadLetterQueue(name) }

    func retryQueue(for delay: Duration) -> String { "\(name).retry.\(delay.wholeMilliseconds)ms" }

    /// Idempotent: declaring what exists with the same arguments is a no-op for the broker.
    func declare(on connection: AMQPConnection) throws {
        try connection.declareExchange(exchange, type: exchangeType)
        try connection.declareQueue(name)
        try connection.declareQueue(deadLetterQueue)
        var declaredDelays = Set<Int64>()
        for delay in retryDelays where declaredDelays.insert(delay.wholeMilliseconds).inserted {
            try connection.declareQueue(retryQueue(for: delay), arguments: [
                "x-message-ttl": .int(delay.wholeMilliseconds),
                "x-dead-letter-exchange": .string(""),
                "x-dead-letter-routing-key": .string(name),
            ])
        }
        for routingKey in routingKeys {
            try connection.bindQueue(name, exchange: exchange, routingKey: routingKey)
        }
    }
}
