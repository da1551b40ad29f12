import Contracts
import Foundation
import Logging
import Metrics
import Toolkit

/// ЖильеGO's message bus over RabbitMQ: typed publishing, consuming, commands and RPC. Services never see AMQP.
///
/// Lifecycle:
/// - ``run()`` starts one connection (and thread) per consumer — `consumersPerQueue` for each of
///   `<service>.events`, `.commands` and `.rpc` that has handlers — plus the publisher connection, and returns when
///   its task is cancelled, after draining: consumers stop receiving, in-flight handlers finish and are
///   acknowledged, then every connection is closed. Run it as one service of the ServiceGroup.
/// - ``publish(_:)-(Envelope<E>)``, ``send(_:)`` and ``request(_:timeout:)`` work with or without `run()`: they
///   start their connection lazily on first use. A bus used only for publishing should be shut down with
///   ``shutdown()`` (or by being released).
/// - When RabbitMQ goes away every connection reconnects on its own with exponential back-off and declares its
///   topology again; unacknowledged deliveries are redelivered by the broker. A publish issued while the broker is
///   down waits for the connection up to `publishTimeout`, then fails (kind `notConnected`) so its caller — the
///   outbox relay — retries later; an RPC request fails with `RPCError.unavailable` at its timeout.
public final class MessageBus: Sendable {
    public let configuration: BusConfiguration
    let logger: Logger
    private let state = Locked(State())

    private struct State {
        var running = false
        /// What `run()` consumes; replaceable until then (see ``install(_:)``).
        var subscriptions = Subscriptions()
        var shutDown = false
        var publisher: (worker: ConnectionWorker, role: PublisherRole)?
        var rpcClient: (worker: ConnectionWorker, role: RPCClientRole)?
        var consumers: [ConnectionWorker] = []
        /// Ends the wait in `run()` (cancellation or `shutdown()`).
        var stopRun: AsyncStream<Never>.Continuation?

        var workers: [ConnectionWorker] {
            consumers + [publisher?.worker, rpcClient?.worker].compactMap { $0 }
        }
    }

    public init(configuration: BusConfiguration, subscriptions: Subscriptions = Subscriptions(), logger: Logger) {
        self.configuration = configuration
        state.withLock { $0.subscriptions = subscriptions }
        var logger = logger
        logger[metadataKey: "messaging.service"] = "\(configuration.service)"
        self.logger = logger
    }

    deinit {
        for worker in state.withLock({ $0.workers }) { worker.requestStop() }
    }

    /// True when every connection the bus opened is up (and at least one was opened): for `/readyz`.
    public var isConnected: Bool {
        state.withLock { state in
            let workers = state.workers
            return !state.shutDown && !workers.isEmpty && workers.allSatisfy(\.isConnected)
        }
    }

    /// Replaces the handlers `run()` will consume with. A service gets its bus (for RPC calls and publishing)
    /// before it has built its handlers, so the runtime installs them afterwards.
    ///
    /// - Throws: ``MessagingError`` of kind `configuration` once `run()` has started.
    public func install(_ subscriptions: Subscriptions) throws {
        try state.withLock { state in
            guard !state.running else {
                throw MessagingError(.configuration, "subscriptions can only be installed before the bus runs")
            }
            state.subscriptions = subscriptions
        }
    }

    // MARK: Running

    /// Consumes until the calling task is cancelled, then drains and closes every connection (also the
    /// publisher's: publishing after `run()` returned fails with kind `shutdown`).
    ///
    /// - Throws: ``MessagingError`` of kind `configuration` for invalid subscriptions (a type subscribed twice, a
    ///   command or request addressed to another service), numbers made invalid after the configuration was
    ///   built, or if the bus already ran. Never for connection problems: those are retried forever.
    public func run() async throws {
        try configuration.validate()
        let subscriptions = state.withLock { $0.subscriptions }
        let plan = try consumptionPlan()
        try state.withLock { state in
            guard !state.running, !state.shutDown else {
                throw MessagingError(.configuration, "MessageBus.run() can only be called once")
            }
            state.running = true
        }
        _ = try? startPublisher()

        // Everything that can fail is created before any thread or task starts.
        var consumers: [(worker: ConnectionWorker, start: @Sendable () async -> Void)] = []
        for (queue, handlers) in plan {
            let dispatcher = DeliveryDispatcher(queue: queue, service: configuration.service, handlers: handlers,
                                                concurrency: concurrency(for: queue.kind, subscriptions: subscriptions),
                                                logger: logger)
            for index in 1...configuration.consumersPerQueue {
                let (deliveries, continuation) = AsyncStream.makeStream(of: [InboundDelivery].self)
                let wakeup = try Self.makeWakeupPipe()
                let role = ConsumerRole(queue: queue, prefetch: configuration.prefetch, wakeup: wakeup,
                                        deliveries: continuation, logger: logger)
                let worker = ConnectionWorker(name: "consumer \(queue.name)#\(index)", role: role, wakeup: wakeup,
                                              configuration: configuration, logger: logger)
                consumers.append((worker, { await dispatcher.run(consumer: role, deliveries: deliveries) }))
            }
        }
        let workers = consumers.map(\.worker)
        let (stopped, stop) = AsyncStream.makeStream(of: Never.self)
        let alreadyShutDown = state.withLock { state -> Bool in
            state.consumers = workers
            state.stopRun = stop
            return state.shutDown
        }
        // Deliberately unstructured: cancelling run() must not cancel handlers in flight (they finish and get
        // acknowledged). Each task is awaited below and ends when its consumer's thread ends.
        let dispatchers = consumers.map { consumer in Task { await consumer.start() } }
        for worker in workers { worker.start() }
        if alreadyShutDown { await shutdown() }
        logger.info("message bus running", metadata: [
            "amqp.url": "\(configuration.redactedURL)",
            "messaging.queues": "\(plan.map(\.queue.name).joined(separator: ","))",
        ])

        await withTaskCancellationHandler {
            for await _ in stopped {}
            for worker in workers { await worker.awaitTermination() }
        } onCancel: {
            stop.finish()
            for worker in workers { worker.requestStop() }
        }
        // Normally every handler has finished by now; after a drain timeout, ask the stragglers to give up.
        for dispatcher in dispatchers {
            dispatcher.cancel()
            await dispatcher.value
        }
        await shutdown()
        logger.info("message bus stopped")
    }

    /// Stops every connection and waits for their threads to end: first the consumers (handlers in flight
    /// finish, and may still publish), then the publisher and the RPC client. Afterwards publishing fails with
    /// kind `shutdown` and requests with `RPCError.unavailable`. Idempotent.
    public func shutdown() async {
        let (consumers, clients, stopRun) = state.withLock { state in
            state.shutDown = true
            return (state.consumers, [state.publisher?.worker, state.rpcClient?.worker].compactMap { $0 },
                    state.stopRun)
        }
        stopRun?.finish()
        for worker in consumers { worker.requestStop() }
        for worker in consumers { await worker.awaitTermination() }
        for worker in clients { worker.requestStop() }
        for worker in clients { await worker.awaitTermination() }
    }

    // MARK: Connections

    func startPublisher() throws -> PublisherRole {
        try state.withLock { state in
            if let publisher = state.publisher { return publisher.role }
            guard !state.shutDown else { throw MessagingError(.shutdown, "the message bus was shut down") }
            let wakeup = try Self.makeWakeupPipe()
            let role = PublisherRole(wakeup: wakeup, configuration: configuration, logger: logger)
            let worker = ConnectionWorker(name: "publisher", role: role, wakeup: wakeup, configuration: configuration,
                                          logger: logger)
            state.publisher = (worker, role)
            worker.start()
            return role
        }
    }

    func startRPCClient() throws -> RPCClientRole {
        try state.withLock { state in
            if let client = state.rpcClient { return client.role }
            guard !state.shutDown else { throw MessagingError(.shutdown, "the message bus was shut down") }
            let wakeup = try Self.makeWakeupPipe()
            let role = RPCClientRole(wakeup: wakeup, logger: logger)
            let worker = ConnectionWorker(name: "rpc client", role: role, wakeup: wakeup,
                                          configuration: configuration, logger: logger)
            state.rpcClient = (worker, role)
            worker.start()
            return role
        }
    }

    private static func makeWakeupPipe() throws -> WakeupPipe {
        do {
            return try WakeupPipe()
        } catch {
            throw MessagingError(.configuration, "\(error)")
        }
    }

    /// Handlers one consumer of the queue runs at once: the service's opt-in, else `requestConcurrency` for the
    /// RPC queue and 1 (in order) for events and commands; never more than the prefetch.
    private func concurrency(for kind: ConsumedQueue.Kind, subscriptions: Subscriptions) -> Int {
        let queue: Subscriptions.Queue = switch kind {
        case .events: .events
        case .commands: .commands
        case .requests: .requests
        }
        let configured = subscriptions.concurrency[queue] ?? (kind == .requests ? configuration.requestConcurrency : 1)
        return max(1, min(configured, configuration.prefetch))
    }

    /// The queues to consume and the handlers of each, validated.
    private func consumptionPlan() throws -> [(queue: ConsumedQueue, handlers: [MessageType: HandlerEntry])] {
        var byKind: [ConsumedQueue.Kind: [MessageType: HandlerEntry]] = [:]
        var seen = Set<MessageType>()
        for entry in state.withLock({ $0.subscriptions }).handlers {
            guard seen.insert(entry.type).inserted else {
                throw MessagingError(.configuration, "\(entry.type) is subscribed more than once")
            }
            if let destination = entry.destination, destination != configuration.service {
                throw MessagingError(.configuration,
                                     "\(entry.type) is addressed to \(destination), not to \(configuration.service)")
            }
            let kind: ConsumedQueue.Kind = switch entry.kind {
            case .event: .events
            case .command: .commands
            case .request: .requests
            }
            byKind[kind, default: [:]][entry.type] = entry
        }
        return [ConsumedQueue.Kind.events, .commands, .requests].compactMap { kind in
            guard let handlers = byKind[kind] else { return nil }
            let queue = ConsumedQueue(kind: kind, service: configuration.service,
                                      routingKeys: handlers.keys.map(\.rawValue).sorted(),
                                      retryDelays: configuration.retryDelays)
            return (queue, handlers)
        }
    }
}
