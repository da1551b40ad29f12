import Contracts

extension MessageBus {
    /// Publishes an event to `Topology.eventsExchange` (routing key = its type), persistent, and returns once
    /// RabbitMQ confirmed it.
    ///
    /// Services normally publish through their transactional outbox instead (which calls the batch
    /// `publish(_:)`); this is for messages that need no atomicity with a database change.
    /// - Throws: ``MessagingError`` (`notConnected`, `connectionLost`, `rejected`, `timeout`, `shutdown`,
    ///   `encoding`); retrying is safe, consumers deduplicate by message id.
    public func publish<E: Event>(_ envelope: Envelope<E>) async throws {
        try await publish([OutgoingMessage.event(envelope)])
    }

    /// Sends a command to `Topology.commandsExchange` (routing key = its type, mandatory), persistent, and
    /// returns once RabbitMQ confirmed it. Fails with kind `unroutable` if `C.destination` never declared its
    /// commands queue.
    public func send<C: Command>(_ envelope: Envelope<C>) async throws {
        try await publish([OutgoingMessage.command(envelope)])
    }

    /// Publishes every message and returns only when RabbitMQ confirmed every one of them (publisher
    /// confirms). Concurrent calls are pipelined on one connection.
    ///
    /// - Throws: ``MessagingError`` if any message was rejected or unroutable, the connection broke before
    ///   every confirm arrived, the broker stayed unreachable for `publishTimeout` (`notConnected`) or did not
    ///   confirm in time (`timeout`). Some messages may have been delivered anyway: retry the whole batch.
    public func publish(_ messages: [OutgoingMessage]) async throws {
        guard !messages.isEmpty else { return }
        try await startPublisher().publish(messages)
    }
}
