import Contracts
import Logging

/// What a handler knows about the delivery besides the typed envelope.
public struct MessageContext: Sendable {
    public let metadata: EnvelopeMetadata
    /// The queue the message came from (`booking.events`).
    public let queue: String
    /// The broker delivered it before without an ack (connection loss, consumer crash): it may have been
    /// handled already — the inbox makes handling idempotent.
    public let redelivered: Bool
    /// 1 for the first attempt, incremented each time it comes back from a retry queue.
    public let attempt: Int
    /// The bus logger with `message.id`, `message.type`, `correlation.id` and `messaging.queue` metadata.
    public var logger: Logger

    public init(metadata: EnvelopeMetadata, queue: String, redelivered: Bool, attempt: Int, logger: Logger) {
        self.metadata = metadata
        self.queue = queue
        self.redelivered = redelivered
        self.attempt = attempt
        self.logger = logger
    }
}
