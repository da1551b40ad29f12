import Foundation
import Logging
import Toolkit

/// A delivery handed from a consumer thread to its dispatcher task.
struct InboundDelivery: Sendable {
    /// Which connection it came on: delivery tags are only valid on that one.
    var generation: UInt64
    var delivery: AMQPDelivery
}

/// Something to publish on the consumer's channel before acknowledging the delivery (a retry, a dead letter,
/// an RPC reply).
struct Publication: Sendable {
    var exchange: String
    var routingKey: String
    var properties: AMQPProperties
    var body: Data
    /// Acknowledge the original only after the broker confirmed this publication.
    var confirmBeforeAck: Bool
}

/// What to do with a delivery once its handler finished.
struct ConsumerJob: Sendable {
    enum Action: Sendable {
        case ack
        case publishThenAck([Publication])
    }

    var generation: UInt64
    var deliveryTag: UInt64
    var action: Action
}

/// One consumer of one queue, on its own connection: declares the queue's topology, consumes with manual acks
/// and bounded prefetch, streams deliveries to a dispatcher task, and executes the dispatcher's verdicts
/// (ack; or publish a retry / dead letter / reply with confirms, then ack).
///
/// `@unchecked Sendable` is safe: `shared` is locked, `deliveries` (an AsyncStream continuation) is Sendable,
/// and the remaining mutable properties are only touched on the connection thread (the ``ConnectionRole``
/// methods).
final class ConsumerRole: ConnectionRole, @unchecked Sendable {
    private struct Shared {
        var jobs: [ConsumerJob] = []
        var stopping = false
        var handling = 0
        var generation: UInt64 = 0
        /// Deliveries yielded to the dispatcher and not yet taken by it.
        var buffered = 0
        /// The thread was woken for jobs it has not collected yet.
        var wakePending = false
    }

    let queue: ConsumedQueue
    private let prefetch: Int
    private let wakeup: WakeupPipe
    private let deliveries: AsyncStream<[InboundDelivery]>.Continuation
    private let logger: Logger
    private let shared = Locked(Shared())

    // Connection-thread state.
    private var generation: UInt64 = 0
    private var consumerTag: String?
    private var cancelSent = false
    /// Delivered and not yet acknowledged or rejected, ascending.
    private var unsettled: [UInt64] = []
    /// Read in this loop iteration, handed to the dispatcher together.
    private var unhanded: [InboundDelivery] = []
    /// Confirm sequence number → the delivery whose retry or dead letter it is.
    private var awaitingConfirm: [UInt64: UInt64] = [:]
    /// Delivery tag → confirms still missing before it may be acknowledged.
    private var confirmsMissing: [UInt64: Int] = [:]

    init(queue: ConsumedQueue, prefetch: Int, wakeup: WakeupPipe,
         deliveries: AsyncStream<[InboundDelivery]>.Continuation, logger: Logger)
    {
        self.queue = queue
        self.prefetch = prefetch
        self.wakeup = wakeup
        self.deliveries = deliveries
        self.logger = logger
    }

    // MARK: Dispatcher side

    /// Called before a handler runs; false if the delivery must be skipped: the consumer is stopping (the
    /// delivery is requeued when the channel closes) or it came on a connection that is gone (the broker
    /// redelivers it).
    func beginHandling(_ delivery: InboundDelivery) -> Bool {
        shared.withLock { shared in
            shared.buffered -= 1
            guard !shared.stopping, shared.generation == delivery.generation else { return false }
            shared.handling += 1
            return true
        }
    }

    /// Queues the verdict. A plain ack wakes the thread only when the dispatcher is about to idle or enough
    /// verdicts piled up: while deliveries keep coming the thread collects verdicts whenever it wakes for them
    /// anyway, so acks go out in batches (one `multiple` ack) instead of one wake-up and one frame per message.
    /// A verdict that publishes (an RPC reply above all: its caller is waiting) wakes it at once.
    func finishHandling(_ job: ConsumerJob) {
        let batch = max(1, prefetch / 2)
        let publishes = if case .publishThenAck = job.action { true } else { false }
        let wake = shared.withLock { shared -> Bool in
            shared.handling -= 1
            shared.jobs.append(job)
            guard !shared.wakePending, publishes || shared.buffered == 0 || shared.jobs.count >= batch else {
                return false
            }
            shared.wakePending = true
            return true
        }
        if wake { wakeup.wake() }
    }

    // MARK: Connection thread

    func setUp(_ connection: AMQPConnection) throws {
        try queue.declare(on: connection)
        try connection.setPrefetch(prefetch)
        try connection.enableConfirms()
        startGeneration()
        consumerTag = try connection.consume(queue: queue.name, noAck: false)
        cancelSent = false
    }

    func performWork(_ connection: AMQPConnection) throws {
        let jobs = shared.withLock { shared -> [ConsumerJob] in
            defer { shared.jobs.removeAll(keepingCapacity: true) }
            shared.wakePending = false
            return shared.jobs
        }
        var acks: [UInt64] = []
        for job in jobs where job.generation == generation {
            switch job.action {
            case .ack:
                acks.append(job.deliveryTag)
            case let .publishThenAck(publications):
                var missing = 0
                for publication in publications {
                    // Retries and dead letters are mandatory: should their queue have vanished, the broker
                    // returns them (see `handle`) instead of dropping them.
                    let sequenceNumber = try connection.publish(
                        exchange: publication.exchange, routingKey: publication.routingKey,
                        mandatory: publication.confirmBeforeAck, properties: publication.properties,
                        body: publication.body)
                    if publication.confirmBeforeAck {
                        awaitingConfirm[sequenceNumber] = job.deliveryTag
                        missing += 1
                    }
                }
                if missing == 0 { acks.append(job.deliveryTag) } else { confirmsMissing[job.deliveryTag] = missing }
            }
        }
        try acknowledge(acks, on: connection)
    }

    func handle(_ event: AMQPEvent, on connection: AMQPConnection) throws {
        switch event {
        case let .delivery(delivery):
            if cancelSent {
                // Arrived after basic.cancel was sent: give it back right away.
                try connection.nack(delivery.deliveryTag, requeue: true)
                return
            }
            unsettled.append(delivery.deliveryTag)
            unhanded.append(InboundDelivery(generation: generation, delivery: delivery))
        case let .ack(sequenceNumber, multiple):
            try acknowledge(confirmed(upTo: sequenceNumber, multiple: multiple), on: connection)
        case let .nack(sequenceNumber, multiple):
            // The retry / dead letter was refused: leave the original to the broker to deliver again.
            for deliveryTag in confirmed(upTo: sequenceNumber, multiple: multiple) {
                try connection.nack(deliveryTag, requeue: true)
                unsettled.removeAll { $0 == deliveryTag }
            }
        case .consumerCancelled:
            throw AMQPError("the broker cancelled the consumer of \(queue.name) (queue deleted?)")
        case let .blocked(reason):
            logger.warning("RabbitMQ blocked publishing", metadata: ["reason": "\(reason)"])
        case let .returned(message):
            // A retry or dead-letter queue is gone. Not acknowledging the original and reconnecting (which
            // declares the topology again) gets the message redelivered instead of lost.
            throw AMQPError("\(message.routingKey) returned a message (\(message.replyCode) \(message.replyText)); "
                + "declaring the topology again")
        case .unblocked, .ignored:
            break
        }
    }

    /// Hands everything read in this iteration to the dispatcher at once: one wake-up, not one per message.
    func didHandleEvents() {
        guard !unhanded.isEmpty else { return }
        let batch = unhanded
        unhanded.removeAll(keepingCapacity: true)
        shared.withLock { $0.buffered += batch.count }
        deliveries.yield(batch)
    }

    func expireDeadlines(now: ContinuousClock.Instant) -> ContinuousClock.Instant? { nil }

    func connectionLost(_ error: any Error) {
        startGeneration()
        consumerTag = nil
        cancelSent = false
    }

    func drain(_ connection: AMQPConnection) throws -> Bool {
        if !cancelSent {
            shared.withLock { $0.stopping = true }
            cancelSent = true
            if let consumerTag { try connection.cancel(consumerTag: consumerTag) }
        }
        let idle = shared.withLock { $0.handling == 0 && $0.jobs.isEmpty }
        return idle && confirmsMissing.isEmpty
    }

    func stopped() {
        shared.withLock { $0.stopping = true }
        deliveries.finish()
    }

    // MARK: Acknowledgements

    /// A new connection: tags of the old one are meaningless, pending verdicts for them are dropped (the broker
    /// redelivers those messages).
    private func startGeneration() {
        generation += 1
        let generation = generation
        shared.withLock { shared in
            shared.generation = generation
            shared.jobs.removeAll()
            shared.wakePending = false
        }
        unsettled = []
        unhanded = []
        awaitingConfirm = [:]
        confirmsMissing = [:]
    }

    /// Deliveries whose last missing confirm arrived with this ack.
    private func confirmed(upTo sequenceNumber: UInt64, multiple: Bool) -> [UInt64] {
        let sequenceNumbers = multiple ? awaitingConfirm.keys.filter { $0 <= sequenceNumber }
                                       : (awaitingConfirm[sequenceNumber] != nil ? [sequenceNumber] : [])
        var complete: [UInt64] = []
        for number in sequenceNumbers {
            guard let deliveryTag = awaitingConfirm.removeValue(forKey: number) else { continue }
            let missing = (confirmsMissing[deliveryTag] ?? 1) - 1
            if missing <= 0 {
                confirmsMissing[deliveryTag] = nil
                complete.append(deliveryTag)
            } else {
                confirmsMissing[deliveryTag] = missing
            }
        }
        return complete
    }

    /// Acknowledges with as few frames as possible: one `multiple` ack for the longest run of settled tags at the
    /// start of `unsettled`, single acks for the rest.
    private func acknowledge(_ deliveryTags: [UInt64], on connection: AMQPConnection) throws {
        guard !deliveryTags.isEmpty else { return }
        let settled = Set(deliveryTags)
        var prefix = 0
        while prefix < unsettled.count, settled.contains(unsettled[prefix]) { prefix += 1 }
        if prefix > 0 { try connection.ack(unsettled[prefix - 1], multiple: true) }
        let prefixTags = Set(unsettled[..<prefix])
        for tag in deliveryTags where !prefixTags.contains(tag) {
            try connection.ack(tag, multiple: false)
        }
        unsettled.removeFirst(prefix)
        if prefix < deliveryTags.count { unsettled.removeAll { settled.contains($0) } }
    }
}
