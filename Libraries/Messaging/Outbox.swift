import Contracts
import Database
import Foundation

/// The transactional outbox: a message is written in the same transaction as the state change that caused it
/// and published later by the `OutboxRelay`, so a committed change always leads to its message — also when
/// RabbitMQ is down at that moment — and a rolled-back change never does.
public struct Outbox: Sendable {
    public let producer: ServiceName
    private let signal: OutboxSignal

    public init(producer: ServiceName, signal: OutboxSignal) {
        self.producer = producer
        self.signal = signal
    }

    /// Records an event to be published to the events exchange once `transaction` commits.
    @discardableResult
    public func publish<E: Event>(_ event: E, in transaction: DatabaseTransaction, correlationId: UUID? = nil,
                                  causationId: UUID? = nil) async throws -> Envelope<E>
    {
        let envelope = Envelope(event, producer: producer, correlationId: correlationId, causationId: causationId)
        try await enqueue(envelope, exchange: Topology.eventsExchange, in: transaction)
        return envelope
    }

    /// Records an event caused by another message (same correlation id, causation id = that message).
    @discardableResult
    public func publish<E: Event>(_ event: E, causedBy cause: EnvelopeMetadata,
                                  in transaction: DatabaseTransaction) async throws -> Envelope<E>
    {
        try await publish(event, in: transaction, correlationId: cause.correlationId, causationId: cause.messageId)
    }

    /// Records a command for its destination service.
    @discardableResult
    public func send<C: Command>(_ command: C, in transaction: DatabaseTransaction, correlationId: UUID? = nil,
                                 causationId: UUID? = nil) async throws -> Envelope<C>
    {
        let envelope = Envelope(command, producer: producer, correlationId: correlationId, causationId: causationId)
        try await enqueue(envelope, exchange: Topology.commandsExchange, in: transaction)
        return envelope
    }

    func enqueue<M: Message>(_ envelope: Envelope<M>, exchange: String, in transaction: DatabaseTransaction) async throws {
        let raw = try RawEnvelope(envelope)
        // Nobody reads the insert's result: it travels with the transaction's next statement or its COMMIT.
        try transaction.executeDeferred("""
            INSERT INTO outbox (message_id, exchange, routing_key, message_type, correlation_id, body)
            VALUES (\(envelope.messageId), \(exchange), \(M.messageType.rawValue), \(M.messageType.rawValue),
                    \(envelope.correlationId), \(raw.body))
            """)
        let signal = self.signal
        transaction.afterCommit { signal.notify() }
    }
}
