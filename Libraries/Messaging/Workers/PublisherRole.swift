import Contracts
import Foundation
import Logging
import Metrics
import Toolkit

/// The publishing connection: confirm mode, exchanges declared, a window of unconfirmed messages.
///
/// Async callers hand in batches (``publish(_:)``) and wait until the broker confirmed every message of theirs.
/// The thread pipelines all queued batches into one stream of publishes (up to `window` unconfirmed at a time)
/// and resolves each batch when its last confirm arrives — so many concurrent publishers share each round trip.
///
/// `@unchecked Sendable` is safe: `shared` is locked; every other stored property is either immutable or only
/// touched by the connection thread (the ``ConnectionRole`` methods).
final class PublisherRole: ConnectionRole, @unchecked Sendable {
    private struct Shared {
        var closed = false
        var nextBatchId: UInt64 = 1
        var queue: [(id: UInt64, messages: [OutgoingMessage])] = []
        var waiters = Waiters<UInt64, Void>()
        /// The thread sleeps with nothing in flight, so only a wake-up brings it back. With messages in flight
        /// their confirms wake it anyway and it picks up queued batches then: no pipe write per publish.
        var wakeNeeded = true
    }

    private struct PendingBatch {
        var id: UInt64
        var messages: [OutgoingMessage]
        var nextIndex = 0
    }

    private struct Progress {
        var unconfirmed = 0
        var unpublished: Int
        var failure: MessagingError?
    }

    private struct Outstanding {
        var sequenceNumber: UInt64
        /// 0 once confirmed out of order.
        var batchId: UInt64
        var mandatoryMessageId: String?
    }

    private let shared = Locked(Shared())
    private let wakeup: WakeupPipe
    private let configuration: BusConfiguration
    private let logger: Logger
    private let window: Int
    private let failures: Counter
    private let confirmTimer: Timer

    // Connection-thread state.
    private var pending: [PendingBatch] = []
    private var outstanding: [Outstanding] = []
    private var outstandingHead = 0
    private var inFlight = 0
    private var progress: [UInt64: Progress] = [:]
    private var mandatoryBatches: [String: UInt64] = [:]
    private var connected = false
    private var lastConnectionError = "not connected yet"
    private var publishedCounters: [String: Counter] = [:]
    private var lastPublishedCounter: (exchange: String, counter: Counter)?

    init(wakeup: WakeupPipe, configuration: BusConfiguration, logger: Logger, window: Int = 1000) {
        self.wakeup = wakeup
        self.configuration = configuration
        self.logger = logger
        self.window = window
        failures = Counter(label: "bus_publish_failures_total")
        confirmTimer = Timer(label: "bus_publish_confirm_duration_seconds")
    }

    // MARK: Async side

    /// Returns once the broker confirmed every message; throws ``MessagingError`` otherwise.
    func publish(_ messages: [OutgoingMessage]) async throws {
        guard !messages.isEmpty else { return }
        let start = ContinuousClock.now
        let deadline = start + configuration.publishTimeout
        let id = shared.withLock { shared -> UInt64 in
            defer { shared.nextBatchId += 1 }
            shared.waiters.reserve(shared.nextBatchId, deadline: deadline)
            return shared.nextBatchId
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome { case queued, wake, closed, cancelled }
                let outcome = shared.withLock { shared -> Outcome in
                    if shared.closed {
                        shared.waiters.discard(id)
                        return .closed
                    }
                    guard shared.waiters.register(id, continuation) else { return .cancelled }
                    shared.queue.append((id, messages))
                    guard shared.wakeNeeded else { return .queued }
                    shared.wakeNeeded = false
                    return .wake
                }
                switch outcome {
                case .queued: break
                case .wake: wakeup.wake()
                case .closed: continuation.resume(throwing: MessagingError(.shutdown, "the message bus was shut down"))
                case .cancelled: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let continuation = shared.withLock { $0.waiters.cancel(id) }
            continuation?.resume(throwing: CancellationError())
        }
        confirmTimer.record(duration: ContinuousClock.now - start)
    }

    // MARK: Connection thread

    func setUp(_ connection: AMQPConnection) throws {
        try connection.declareExchange(Topology.eventsExchange, type: "topic")
        try connection.declareExchange(Topology.commandsExchange, type: "direct")
        try connection.declareExchange(Topology.rpcExchange, type: "direct")
        try connection.enableConfirms()
        connected = true
    }

    func performWork(_ connection: AMQPConnection) throws {
        let queued = shared.withLock { shared -> [(id: UInt64, messages: [OutgoingMessage])] in
            defer { shared.queue.removeAll(keepingCapacity: true) }
            return shared.queue
        }
        pending.append(contentsOf: queued.map { PendingBatch(id: $0.id, messages: $0.messages) })

        while inFlight < window, !pending.isEmpty {
            var batch = pending[0]
            if batch.nextIndex == 0 {
                // Skip batches whose caller already gave up (timeout, cancellation).
                guard shared.withLock({ $0.waiters.contains(batch.id) }) else {
                    pending.removeFirst()
                    continue
                }
                progress[batch.id] = Progress(unpublished: batch.messages.count)
            }
            while batch.nextIndex < batch.messages.count, inFlight < window {
                let message = batch.messages[batch.nextIndex]
                let properties = AMQPProperties(mirroring: message.envelope.metadata, persistent: message.persistent)
                let sequenceNumber = try connection.publish(
                    exchange: message.exchange, routingKey: message.routingKey, mandatory: message.mandatory,
                    properties: properties, body: message.envelope.body)
                let mandatoryId = message.mandatory ? properties.messageId : nil
                if let mandatoryId { mandatoryBatches[mandatoryId] = batch.id }
                outstanding.append(Outstanding(sequenceNumber: sequenceNumber, batchId: batch.id,
                                               mandatoryMessageId: mandatoryId))
                inFlight += 1
                progress[batch.id]?.unconfirmed += 1
                progress[batch.id]?.unpublished -= 1
                batch.nextIndex += 1
                publishedCounter(message.exchange).increment()
            }
            if batch.nextIndex == batch.messages.count {
                pending.removeFirst()
            } else {
                pending[0] = batch
            }
        }
    }

    func handle(_ event: AMQPEvent, on connection: AMQPConnection) throws {
        switch event {
        case let .ack(sequenceNumber, multiple):
            settle(upTo: sequenceNumber, multiple: multiple, failure: nil)
        case let .nack(sequenceNumber, multiple):
            settle(upTo: sequenceNumber, multiple: multiple,
                   failure: MessagingError(.rejected, "RabbitMQ rejected (nacked) a message"))
        case let .returned(message):
            if let id = message.properties.messageId, let batchId = mandatoryBatches[id] {
                progress[batchId]?.failure = MessagingError(
                    .unroutable,
                    "no queue is bound for \(message.routingKey) on \(message.exchange) (\(message.replyCode) \(message.replyText))")
            }
        case let .blocked(reason):
            logger.warning("RabbitMQ blocked publishing", metadata: ["reason": "\(reason)"])
        case .unblocked:
            logger.info("RabbitMQ unblocked publishing")
        case .delivery, .consumerCancelled, .ignored:
            break
        }
    }

    func willPoll() -> Bool {
        let idle = inFlight == 0
        return shared.withLock { shared in
            guard shared.queue.isEmpty else { return false }
            shared.wakeNeeded = idle
            return true
        }
    }

    func expireDeadlines(now: ContinuousClock.Instant) -> ContinuousClock.Instant? {
        let (expired, next) = shared.withLock { shared in
            (shared.waiters.takeExpired(now: now), shared.waiters.nextExpiry)
        }
        for (_, continuation) in expired {
            failures.increment()
            if connected {
                continuation.resume(throwing: MessagingError(
                    .timeout, "RabbitMQ did not confirm within \(configuration.publishTimeout)"))
            } else {
                continuation.resume(throwing: MessagingError(
                    .notConnected,
                    "RabbitMQ at \(configuration.redactedURL) unreachable for \(configuration.publishTimeout): \(lastConnectionError)"))
            }
        }
        return next
    }

    func connectionLost(_ error: any Error) {
        connected = false
        shared.withLock { $0.wakeNeeded = true }
        lastConnectionError = "\(error)"
        let failure = MessagingError(.connectionLost,
                                     "the connection to RabbitMQ broke before every message was confirmed: \(error)")
        for batchId in progress.keys { finish(batchId, failure: failure) }
        progress = [:]
        outstanding = []
        outstandingHead = 0
        inFlight = 0
        mandatoryBatches = [:]
        // A batch partially sent was failed above; unsent batches wait for the next connection.
        pending.removeAll { $0.nextIndex > 0 }
    }

    func drain(_ connection: AMQPConnection) throws -> Bool {
        let queueEmpty = shared.withLock { shared -> Bool in
            shared.closed = true
            return shared.queue.isEmpty
        }
        return queueEmpty && pending.isEmpty && progress.isEmpty
    }

    func stopped() {
        let waiting = shared.withLock { shared -> [CheckedContinuation<Void, any Error>] in
            shared.closed = true
            shared.queue = []
            return shared.waiters.takeAll()
        }
        for continuation in waiting {
            continuation.resume(throwing: MessagingError(.shutdown, "the message bus was shut down"))
        }
        pending = []
        progress = [:]
    }

    // MARK: Confirms

    private func settle(upTo sequenceNumber: UInt64, multiple: Bool, failure: MessagingError?) {
        if multiple {
            while outstandingHead < outstanding.count, outstanding[outstandingHead].sequenceNumber <= sequenceNumber {
                confirm(at: outstandingHead, failure: failure)
                outstandingHead += 1
            }
        } else if let index = index(of: sequenceNumber) {
            confirm(at: index, failure: failure)
            while outstandingHead < outstanding.count, outstanding[outstandingHead].batchId == 0 {
                outstandingHead += 1
            }
        }
        if outstandingHead == outstanding.count {
            outstanding.removeAll(keepingCapacity: true)
            outstandingHead = 0
        } else if outstandingHead > 4096 {
            outstanding.removeFirst(outstandingHead)
            outstandingHead = 0
        }
    }

    private func index(of sequenceNumber: UInt64) -> Int? {
        var low = outstandingHead
        var high = outstanding.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let value = outstanding[middle].sequenceNumber
            if value == sequenceNumber { return middle }
            if value < sequenceNumber { low = middle + 1 } else { high = middle - 1 }
        }
        return nil
    }

    private func confirm(at index: Int, failure: MessagingError?) {
        let entry = outstanding[index]
        guard entry.batchId != 0 else { return }
        outstanding[index].batchId = 0
        inFlight -= 1
        if let id = entry.mandatoryMessageId { mandatoryBatches[id] = nil }
        guard var batch = progress[entry.batchId] else { return }
        batch.unconfirmed -= 1
        if let failure, batch.failure == nil { batch.failure = failure }
        if batch.unconfirmed == 0, batch.unpublished == 0 {
            progress[entry.batchId] = nil
            finish(entry.batchId, failure: batch.failure)
        } else {
            progress[entry.batchId] = batch
        }
    }

    private func finish(_ batchId: UInt64, failure: MessagingError?) {
        guard let continuation = shared.withLock({ $0.waiters.take(batchId) }) else { return }
        if let failure {
            failures.increment()
            continuation.resume(throwing: failure)
        } else {
            continuation.resume()
        }
    }

    private func publishedCounter(_ exchange: String) -> Counter {
        if let last = lastPublishedCounter, last.exchange == exchange { return last.counter }
        let counter = publishedCounters[exchange]
            ?? Counter(label: "bus_published_total", dimensions: [("exchange", exchange)])
        publishedCounters[exchange] = counter
        lastPublishedCounter = (exchange, counter)
        return counter
    }
}
