import Contracts
import Foundation

/// One message for the batch `MessageBus.publish(_:)`: where it goes and the encoded envelope.
/// The transactional outbox stores exactly these fields.
public struct OutgoingMessage: Sendable, Equatable {
    public var exchange: String
    public var routingKey: String
    public var envelope: RawEnvelope
    /// delivery_mode 2: the broker writes it to disk before confirming.
    public var persistent: Bool
    /// The broker returns the message (and the publish fails with kind `unroutable`) if no queue is bound for it.
    /// Used for commands, whose destination queue must exist; events may legitimately have no subscriber.
    public var mandatory: Bool

    public init(exchange: String, routingKey: String, envelope: RawEnvelope, persistent: Bool = true,
                mandatory: Bool = false)
    {
        self.exchange = exchange
        self.routingKey = routingKey
        self.envelope = envelope
        self.persistent = persistent
        self.mandatory = mandatory
    }

    /// An event for `Topology.eventsExchange`, routing key = its type.
    public static func event(_ envelope: RawEnvelope) -> OutgoingMessage {
        OutgoingMessage(exchange: Topology.eventsExchange, routingKey: envelope.metadata.type.rawValue,
                        envelope: envelope)
    }

    /// A command for `Topology.commandsExchange`, routing key = its type, mandatory.
    public static func command(_ envelope: RawEnvelope) -> OutgoingMessage {
        OutgoingMessage(exchange: Topology.commandsExchange, routingKey: envelope.metadata.type.rawValue,
                        envelope: envelope, mandatory: true)
    }

    public static func event<E: Event>(_ envelope: Envelope<E>) throws -> OutgoingMessage {
        try .event(BusCoding.encode(envelope))
    }

    public static func command<C: Command>(_ envelope: Envelope<C>) throws -> OutgoingMessage {
        try .command(BusCoding.encode(envelope))
    }
}

extension AMQPProperties {
    /// The AMQP properties mirroring an envelope: message_id, type, correlation_id, timestamp, app_id = producer,
    /// content_type JSON, delivery_mode, and the `x-causation-id` header when there is a cause.
    init(mirroring metadata: EnvelopeMetadata, persistent: Bool) {
        self.init()
        contentType = "application/json"
        self.persistent = persistent
        messageId = metadata.messageId.uuidString
        type = metadata.type.rawValue
        correlationId = metadata.correlationId.uuidString
        timestamp = UInt64(max(0, metadata.occurredAt.timeIntervalSince1970.rounded(.down)))
        appId = metadata.producer.rawValue
        if let causationId = metadata.causationId {
            headers[MessageHeaders.causationId] = .string(causationId.uuidString)
        }
    }
}

/// Header names we set on messages.
enum MessageHeaders {
    static let causationId = "x-causation-id"
    /// 1 for the first delivery; incremented on each retry.
    static let attempt = "x-attempt"
    static let lastError = "x-last-error"
    static let originalQueue = "x-original-queue"
}
