import Contracts
import Foundation
import Logging
import Toolkit

/// A reply to an RPC request, as it came off the wire.
struct RPCReply: Sendable {
    var type: String?
    var body: Data
}

/// The RPC client connection: consumes RabbitMQ's direct reply-to pseudo-queue (no-ack) and publishes requests
/// with `reply_to = amq.rabbitmq.reply-to`, correlation id = request message id, an `expiration` equal to the
/// timeout and the mandatory flag (so a request to a queue nobody declared fails at once).
///
/// Each waiting caller is resumed exactly once: by its reply, its deadline, a returned request, a lost
/// connection, cancellation or shutdown. Late replies find no waiter and are dropped.
///
/// `@unchecked Sendable` is safe: `shared` is locked; the other mutable properties are only touched on the
/// connection thread (the ``ConnectionRole`` methods).
final class RPCClientRole: ConnectionRole, @unchecked Sendable {
    private struct Request {
        var correlationId: String
        var routingKey: String
        var properties: AMQPProperties
        var body: Data
    }

    private struct Shared {
        var closed = false
        var unsent: [Request] = []
        var waiters = Waiters<String, RPCReply>()
        /// Correlation ids published on the current connection (a lost connection fails exactly these).
        var sent: Set<String> = []
    }

    private let shared = Locked(Shared())
    private let wakeup: WakeupPipe
    private let logger: Logger

    init(wakeup: WakeupPipe, logger: Logger) {
        self.wakeup = wakeup
        self.logger = logger
    }

    // MARK: Async side

    /// Sends the request and waits for its reply.
    /// - Throws: `RPCError.timeout`, `RPCError.unavailable`, `CancellationError`.
    func call(_ request: RawEnvelope, routingKey: String, timeout: Duration) async throws -> RPCReply {
        let correlationId = request.metadata.messageId.uuidString
        var properties = AMQPProperties(mirroring: request.metadata, persistent: false)
        properties.correlationId = correlationId
        properties.replyTo = RPCWire.replyTo
        properties.expiration = String(max(1, timeout.wholeMilliseconds))
        let outgoing = Request(correlationId: correlationId, routingKey: routingKey, properties: properties,
                               body: request.body)
        let deadline = ContinuousClock.now + timeout
        shared.withLock { $0.waiters.reserve(correlationId, deadline: deadline) }

        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<RPCReply, any Error>) in
                enum Outcome { case queued, wake, closed, cancelled }
                let outcome = shared.withLock { shared -> Outcome in
                    if shared.closed {
                        shared.waiters.discard(correlationId)
                        return .closed
                    }
                    guard shared.waiters.register(correlationId, continuation) else { return .cancelled }
                    shared.unsent.append(outgoing)
                    return shared.unsent.count == 1 ? .wake : .queued
                }
                switch outcome {
                case .queued: break
                case .wake: wakeup.wake()
                case .closed: continuation.resume(throwing: RPCError.unavailable)
                case .cancelled: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let continuation = shared.withLock { shared in
                shared.sent.remove(correlationId)
                return shared.waiters.cancel(correlationId)
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    // MARK: Connection thread

    func setUp(_ connection: AMQPConnection) throws {
        try connection.declareExchange(Topology.rpcExchange, type: "direct")
        _ = try connection.consume(queue: RPCWire.replyTo, noAck: true)
    }

    func performWork(_ connection: AMQPConnection) throws {
        let requests = shared.withLock { shared -> [Request] in
            defer { shared.unsent.removeAll(keepingCapacity: true) }
            return shared.unsent.filter { shared.waiters.contains($0.correlationId) }
        }
        for request in requests {
            shared.withLock { _ = $0.sent.insert(request.correlationId) }
            try connection.publish(exchange: Topology.rpcExchange, routingKey: request.routingKey, mandatory: true,
                                   properties: request.properties, body: request.body)
        }
    }

    func handle(_ event: AMQPEvent, on connection: AMQPConnection) throws {
        switch event {
        case let .delivery(delivery):
            guard let correlationId = delivery.properties.correlationId else { return }
            let continuation = shared.withLock { shared in
                shared.sent.remove(correlationId)
                return shared.waiters.take(correlationId)
            }
            guard let continuation else {
                logger.debug("late RPC reply ignored", metadata: ["correlation.id": "\(correlationId)"])
                return
            }
            continuation.resume(returning: RPCReply(type: delivery.properties.type, body: delivery.body))
        case let .returned(message):
            // Nobody declared (or bound) the serving queue.
            guard let correlationId = message.properties.correlationId else { return }
            let continuation = shared.withLock { shared in
                shared.sent.remove(correlationId)
                return shared.waiters.take(correlationId)
            }
            logger.warning("RPC request unroutable",
                           metadata: ["routing.key": "\(message.routingKey)", "reply.text": "\(message.replyText)"])
            continuation?.resume(throwing: RPCError.unavailable)
        default:
            break
        }
    }

    func expireDeadlines(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        let (expired, next) = shared.withLock { shared in
            let expired = shared.waiters.takeExpired(now: now).map { entry in
                (entry.1, shared.sent.remove(entry.0) != nil)
            }
            return (expired, shared.waiters.nextExpiry)
        }
        for (continuation, wasSent) in expired {
            continuation.resume(throwing: wasSent ? RPCError.timeout : RPCError.unavailable)
        }
        return next
    }

    func connectionLost(_ error: any Error) {
        // Replies to requests sent on the broken connection can never arrive (the reply-to is per channel).
        let failed = shared.withLock { shared -> [CheckedContinuation<RPCReply, any Error>] in
            defer { shared.sent = [] }
            return shared.sent.compactMap { shared.waiters.take($0) }
        }
        for continuation in failed { continuation.resume(throwing: RPCError.unavailable) }
    }

    func drain(_ connection: AMQPConnection) throws -> Bool {
        shared.withLock { shared in
            shared.closed = true
            return shared.waiters.isEmpty
        }
    }

    func stopped() {
        let waiting = shared.withLock { shared -> [CheckedContinuation<RPCReply, any Error>] in
            shared.closed = true
            shared.unsent = []
            shared.sent = []
            return shared.waiters.takeAll()
        }
        for continuation in waiting { continuation.resume(throwing: RPCError.unavailable) }
    }
}
