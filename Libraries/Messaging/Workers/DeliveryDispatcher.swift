import Contracts
import Foundation
import Logging
import Metrics

/// The async half of a consumer: takes deliveries in order, runs the handler for their type — one at a time, or
/// up to `concurrency` at once (each in a child task) — and turns the outcome into a ``ConsumerJob`` for the
/// consumer thread — ack; retry later; dead-letter; reply. Verdicts may come back in any order: the consumer
/// thread acknowledges each delivery tag once, whatever the order (see ``ConsumerRole``).
struct DeliveryDispatcher: Sendable {
    let queue: ConsumedQueue
    let service: ServiceName
    let handlers: [MessageType: HandlerEntry]
    /// Handlers of one consumer running at once; 1 keeps the delivery order.
    let concurrency: Int
    let logger: Logger
    private let handlerTimer: Timer
    private let results: [Result: Counter]

    enum Result: String, CaseIterable {
        /// Handled and acknowledged.
        case ack
        /// Handler failed, sent to a retry queue.
        case retry
        /// Sent to the dead-letter queue.
        case dead
        /// A request answered with an error reply.
        case errorReply = "error_reply"
    }

    init(queue: ConsumedQueue, service: ServiceName, handlers: [MessageType: HandlerEntry], concurrency: Int = 1,
         logger: Logger)
    {
        self.queue = queue
        self.service = service
        self.handlers = handlers
        self.concurrency = max(1, concurrency)
        var logger = logger
        logger[metadataKey: "messaging.queue"] = "\(queue.name)"
        self.logger = logger
        handlerTimer = Timer(label: "bus_handler_duration_seconds", dimensions: [("queue", queue.name)])
        results = Dictionary(uniqueKeysWithValues: Result.allCases.map {
            ($0, Counter(label: "bus_consumed_total", dimensions: [("queue", queue.name), ("result", $0.rawValue)]))
        })
    }

    /// Handles deliveries until the consumer finishes the stream.
    func run(consumer: ConsumerRole, deliveries: AsyncStream<[InboundDelivery]>) async {
        guard concurrency > 1 else {
            for await batch in deliveries {
                for inbound in batch {
                    guard consumer.beginHandling(inbound) else { continue }
                    await handle(inbound, consumer: consumer)
                }
            }
            return
        }
        // Child tasks, not unstructured ones: the dispatcher ends only after its last handler finished, and
        // cancelling it (after a drain timeout) reaches the handlers still running.
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await batch in deliveries {
                for inbound in batch {
                    // A free slot first, then the check: a delivery that waited for its slot while the consumer
                    // began stopping is left to the broker like any other not yet started.
                    if running >= concurrency {
                        _ = await group.next()
                        running -= 1
                    }
                    guard consumer.beginHandling(inbound) else { continue }
                    running += 1
                    group.addTask { await handle(inbound, consumer: consumer) }
                }
            }
            await group.waitForAll()
        }
    }

    private func handle(_ inbound: InboundDelivery, consumer: ConsumerRole) async {
        let action = await process(inbound.delivery)
        consumer.finishHandling(ConsumerJob(generation: inbound.generation,
                                            deliveryTag: inbound.delivery.deliveryTag, action: action))
    }

    func process(_ delivery: AMQPDelivery) async -> ConsumerJob.Action {
        let attempt = max(1, Int(delivery.properties.headers[MessageHeaders.attempt]?.intValue ?? 1))
        // Route by the AMQP type property (it mirrors the envelope); the typed decode checks that they agree.
        // Without it, or if it names nothing we handle, read the type from the body.
        let handler: HandlerEntry
        if let type = delivery.properties.type, let byProperty = handlers[MessageType(rawValue: type)] {
            handler = byProperty
        } else {
            let metadata: EnvelopeMetadata
            do {
                metadata = try BusCoding.decoder.decode(EnvelopeMetadata.self, from: delivery.body)
            } catch {
                return deadLetter(delivery, attempt: attempt, reason: "malformed envelope: \(error)",
                                  errorReply: RPCRemoteError(code: RPCRemoteError.badRequest,
                                                             message: "malformed request"))
            }
            guard let byBody = handlers[metadata.type] else {
                return deadLetter(delivery, attempt: attempt,
                                  reason: "no handler for \(metadata.type) on \(queue.name)",
                                  errorReply: RPCRemoteError(code: RPCRemoteError.badRequest,
                                                             message: "unknown request type \(metadata.type)"))
            }
            handler = byBody
        }

        let seed = ContextSeed(service: service, queue: queue.name, redelivered: delivery.redelivered,
                               attempt: attempt, logger: logger)
        let start = ContinuousClock.now
        do {
            let result = try await handler.handle(delivery.body, seed)
            handlerTimer.record(duration: ContinuousClock.now - start)
            results[.ack]?.increment()
            switch result {
            case .done:
                return .ack
            case let .response(response):
                return reply(to: delivery, body: response.body,
                             properties: AMQPProperties(mirroring: response.metadata, persistent: false))
            }
        } catch let error as HandlerEntry.PayloadDecodingError {
            return deadLetter(delivery, attempt: attempt, reason: error.description,
                              errorReply: RPCRemoteError(code: RPCRemoteError.badRequest, message: error.description))
        } catch {
            handlerTimer.record(duration: ContinuousClock.now - start)
            return handlerFailed(delivery, attempt: attempt, error: error)
        }
    }

    /// The logger for messages whose envelope may not decode: metadata from the AMQP properties.
    private func logger(for delivery: AMQPDelivery) -> Logger {
        var logger = logger
        logger.handler.metadata.merge([
            "message.id": "\(delivery.properties.messageId ?? "-")",
            "message.type": "\(delivery.properties.type ?? "-")",
            "correlation.id": "\(delivery.properties.correlationId ?? "-")",
        ]) { _, new in new }
        return logger
    }

    // MARK: Outcomes

    private func handlerFailed(_ delivery: AMQPDelivery, attempt: Int, error: any Error) -> ConsumerJob.Action {
        let logger = logger(for: delivery)
        if queue.kind == .requests {
            let remote = (error as? any RPCErrorConvertible)?.rpcError ?? .internalError
            results[.errorReply]?.increment()
            logger.warning("request handler failed, replying with an error",
                           metadata: ["error": "\(error)", "rpc.error.code": "\(remote.code)"])
            return replyWithError(to: delivery, remote)
        }
        guard attempt <= queue.retryDelays.count else {
            return deadLetter(delivery, attempt: attempt,
                              reason: "handler failed on attempt \(attempt), retries exhausted: \(error)",
                              errorReply: nil)
        }
        let delay = queue.retryDelays[attempt - 1]
        results[.retry]?.increment()
        logger.warning("handler failed, retrying later",
                       metadata: ["error": "\(error)", "attempt": "\(attempt)", "retry.in": "\(delay)"])
        var properties = delivery.properties
        properties.headers[MessageHeaders.attempt] = .int(Int64(attempt + 1))
        properties.headers[MessageHeaders.lastError] = .string(Self.truncated("\(error)"))
        properties.headers[MessageHeaders.originalQueue] = .string(queue.name)
        return .publishThenAck([Publication(exchange: "", routingKey: queue.retryQueue(for: delay),
                                            properties: properties, body: delivery.body, confirmBeforeAck: true)])
    }

    /// Moves the message to `<queue>.dead` (acknowledging the original only once that is confirmed); a request
    /// also gets an error reply so its caller does not wait for the timeout.
    private func deadLetter(_ delivery: AMQPDelivery, attempt: Int, reason: String,
                            errorReply: RPCRemoteError?) -> ConsumerJob.Action
    {
        results[.dead]?.increment()
        logger(for: delivery).error("message dead-lettered",
                     metadata: ["reason": "\(reason)", "attempt": "\(attempt)",
                                "dead.queue": "\(queue.deadLetterQueue)"])
        var properties = delivery.properties
        properties.expiration = nil
        properties.persistent = true
        properties.headers[MessageHeaders.attempt] = .int(Int64(attempt))
        properties.headers[MessageHeaders.lastError] = .string(Self.truncated(reason))
        properties.headers[MessageHeaders.originalQueue] = .string(queue.name)
        var publications = [Publication(exchange: "", routingKey: queue.deadLetterQueue, properties: properties,
                                        body: delivery.body, confirmBeforeAck: true)]
        if queue.kind == .requests, let errorReply, case let .publishThenAck(reply) = replyWithError(to: delivery, errorReply) {
            publications += reply
        }
        return .publishThenAck(publications)
    }

    private func replyWithError(to delivery: AMQPDelivery, _ error: RPCRemoteError) -> ConsumerJob.Action {
        var properties = AMQPProperties()
        properties.contentType = "application/json"
        properties.persistent = false
        properties.type = RPCWire.errorReplyType
        properties.appId = service.rawValue
        let body = (try? JSONEncoder().encode(error)) ?? Data("{}".utf8)
        return reply(to: delivery, body: body, properties: properties)
    }

    private func reply(to delivery: AMQPDelivery, body: Data, properties: AMQPProperties) -> ConsumerJob.Action {
        guard let replyTo = delivery.properties.replyTo, !replyTo.isEmpty else { return .ack }
        var properties = properties
        properties.correlationId = delivery.properties.correlationId ?? delivery.properties.messageId
        return .publishThenAck([Publication(exchange: "", routingKey: replyTo, properties: properties, body: body,
                                            confirmBeforeAck: false)])
    }

    private static func truncated(_ text: String) -> String {
        text.count <= 1000 ? text : String(text.prefix(1000)) + "…"
    }
}
