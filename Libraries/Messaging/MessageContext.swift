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

    private let baseLogger: Logger
    private var customLogger: Logger?

    /// The bus logger with `message.id`, `message.type`, `correlation.id` and `messaging.queue` metadata.
    ///
    /// Built on access (most handlers never log, and attaching metadata is not free): when logging several
    /// times, keep it in a local (`let logger = context.logger`).
    public var logger: Logger {
        get {
            if let customLogger { return customLogger }
            var logger = baseLogger
            // One metadata write: handlers such as StreamLogHandler re-render their metadata on every write.
            logger.handler.metadata.merge([
                "message.id": "\(metadata.messageId)",
                "message.type": "\(metadata.type)",
                "correlation.id": "\(metadata.correlationId)",
            ]) { _, new in new }
            return logger
        }
        set {
            customLogger = newValue
        }
    }

    /// A context whose ``logger`` is `logger` as given (tests, or code calling handlers directly).
    public init(metadata: EnvelopeMetadata, queue: String, redelivered: Bool, attempt: Int, logger: Logger) {
        self.metadata = metadata
        self.queue = queue
        self.redelivered = redelivered
        self.attempt = attempt
        self.baseLogger = logger
        self.customLogger = logger
    }

    /// A context whose ``logger`` is `baseLogger` plus the message metadata.
    init(metadata: EnvelopeMetadata, queue: String, redelivered: Bool, attempt: Int, baseLogger: Logger) {
        self.metadata = metadata
        self.queue = queue
        self.redelivered = redelivered
        self.attempt = attempt
        self.baseLogger = baseLogger
        self.customLogger = nil
    }
}
