import Foundation

/// Everything about a message except its payload. Mirrored into the AMQP properties
/// (message_id, type, correlation_id, timestamp, app_id = producer).
public struct EnvelopeMetadata: Codable, Sendable, Equatable {
    public var messageId: UUID
    public var type: MessageType
    public var occurredAt: Date
    /// Ties together every message caused, directly or not, by one user action.
    public var correlationId: UUID
    /// The message that caused this one (nil for messages caused by a user or the clock).
    public var causationId: UUID?
    public var producer: ServiceName

    public init(messageId: UUID = UUID(), type: MessageType, occurredAt: Date = Date(), correlationId: UUID,
                causationId: UUID? = nil, producer: ServiceName)
    {
        self.messageId = messageId
        self.type = type
        self.occurredAt = occurredAt
        self.correlationId = correlationId
        self.causationId = causationId
        self.producer = producer
    }
}

/// A typed message with its metadata. The JSON body of every AMQP message is an encoded envelope:
/// `{"messageId": …, "type": …, "occurredAt": …, "correlationId": …, "causationId": …, "producer": …, "payload": {…}}`.
public struct Envelope<Payload: Message>: Codable, Sendable, Equatable {
    public var messageId: UUID
    public var type: MessageType
    public var occurredAt: Date
    public var correlationId: UUID
    public var causationId: UUID?
    public var producer: ServiceName
    public var payload: Payload

    public init(_ payload: Payload, producer: ServiceName, messageId: UUID = UUID(), occurredAt: Date = Date(),
                correlationId: UUID? = nil, causationId: UUID? = nil)
    {
        self.messageId = messageId
        self.type = Payload.messageType
        self.occurredAt = occurredAt
        self.correlationId = correlationId ?? messageId
        self.causationId = causationId
        self.producer = producer
        self.payload = payload
    }

    public init(metadata: EnvelopeMetadata, payload: Payload) {
        self.messageId = metadata.messageId
        self.type = metadata.type
        self.occurredAt = metadata.occurredAt
        self.correlationId = metadata.correlationId
        self.causationId = metadata.causationId
        self.producer = metadata.producer
        self.payload = payload
    }

    public var metadata: EnvelopeMetadata {
        EnvelopeMetadata(messageId: messageId, type: type, occurredAt: occurredAt, correlationId: correlationId,
                         causationId: causationId, producer: producer)
    }

    /// An envelope for a message caused by this one: same correlation id, causation id = this message id.
    public func caused<Next: Message>(_ next: Next, by producer: ServiceName) -> Envelope<Next> {
        Envelope<Next>(next, producer: producer, correlationId: correlationId, causationId: messageId)
    }
}

/// The envelope of a message whose payload type is not known yet: metadata plus the raw JSON body.
public struct RawEnvelope: Sendable, Equatable {
    public var metadata: EnvelopeMetadata
    /// The complete encoded envelope, exactly as it travels.
    public var body: Data

    public init(metadata: EnvelopeMetadata, body: Data) {
        self.metadata = metadata
        self.body = body
    }

    /// Reads the metadata out of an encoded envelope; the payload stays undecoded.
    public init(body: Data) throws {
        self.metadata = try ContractsCoding.decoder.decode(EnvelopeMetadata.self, from: body)
        self.body = body
    }

    public init<Payload: Message>(_ envelope: Envelope<Payload>) throws {
        self.metadata = envelope.metadata
        self.body = try ContractsCoding.encoder.encode(envelope)
    }

    /// Decodes the full typed envelope. Throws if the type string does not match `Payload.messageType`.
    public func decode<Payload: Message>(_: Payload.Type = Payload.self) throws -> Envelope<Payload> {
        guard metadata.type == Payload.messageType else {
            throw ContractsError.typeMismatch(expected: Payload.messageType, actual: metadata.type)
        }
        return try ContractsCoding.decoder.decode(Envelope<Payload>.self, from: body)
    }
}

public enum ContractsError: Error, Equatable, CustomStringConvertible {
    case typeMismatch(expected: MessageType, actual: MessageType)

    public var description: String {
        switch self {
        case let .typeMismatch(expected, actual): "expected message type \(expected), got \(actual)"
        }
    }
}
