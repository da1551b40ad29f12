import Foundation
import Logging
import Metrics
import Toolkit

/// The part of a connection thread that knows what the connection is for (publishing, consuming, RPC).
/// Every requirement is called on the worker's own thread only, so conforming types may keep unsynchronised
/// state for it.
protocol ConnectionRole: AnyObject {
    /// Declares the topology this connection needs and starts consuming; called after every (re)connect.
    func setUp(_ connection: AMQPConnection) throws
    /// Sends work queued by async callers (publishes, acks).
    func performWork(_ connection: AMQPConnection) throws
    func handle(_ event: AMQPEvent, on connection: AMQPConnection) throws
    /// Called after a run of ``handle(_:on:)`` calls (everything readable right now was read).
    func didHandleEvents()
    /// Called right before the thread blocks in `poll`; false means new work arrived: loop instead.
    func willPoll() -> Bool
    /// Fails waiters whose deadline passed (also called while disconnected). Returns when to call it next.
    func expireDeadlines(now: ContinuousClock.Instant) -> ContinuousClock.Instant?
    /// The connection broke (or could not be set up): forget everything tied to it.
    func connectionLost(_ error: any Error)
    /// Stop was requested while connected: stop taking new work and report whether nothing is in flight any more.
    func drain(_ connection: AMQPConnection) throws -> Bool
    /// The thread ends: fail whatever still waits.
    func stopped()
}

extension ConnectionRole {
    func didHandleEvents() {}
    func willPoll() -> Bool { true }
}

/// A dedicated OS thread owning one AMQP connection: it connects (with exponential back-off), lets its role
/// declare topology, then loops — send queued work, read frames, poll the socket and a wake-up pipe — until
/// stopped. librabbitmq is blocking and not thread-safe, so it is only ever touched from this thread; async
/// callers talk to the role through locked mailboxes and wake the thread through ``wakeup``.
///
/// `@unchecked Sendable` is safe: `role` is only used on the worker thread (after `start()`), `control` is
/// locked, and everything else is immutable.
final class ConnectionWorker: @unchecked Sendable {
    private struct Control {
        var started = false
        var stopRequested = false
        var stopDeadline: ContinuousClock.Instant?
        var connected = false
        var terminated = false
        var lastError: String?
        var terminationWaiters: [CheckedContinuation<Void, Never>] = []
    }

    let name: String
    let wakeup: WakeupPipe
    private let role: any ConnectionRole
    private let configuration: BusConfiguration
    private let logger: Logger
    private let control = Locked(Control())
    private let reconnects: Counter
    private let clock = ContinuousClock()
    private static let connectTimeout = Duration.seconds(5)
    private static let eventsPerIteration = 128

    init(name: String, role: any ConnectionRole, wakeup: WakeupPipe, configuration: BusConfiguration,
         logger: Logger)
    {
        self.name = name
        self.role = role
        self.wakeup = wakeup
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "amqp.connection"] = "\(name)"
        self.logger = logger
        reconnects = Counter(label: "bus_connects_total", dimensions: [("connection", name)])
    }

    func start() {
        let shouldStart = control.withLock { control in
            guard !control.started else { return false }
            control.started = true
            return true
        }
        guard shouldStart else { return }
        let thread = Thread { [self] in run() }
        thread.name = "amqp \(name)"
        thread.start()
    }

    /// Asks the thread to drain (its role decides what that means), close the connection and end.
    func requestStop() {
        let drainTimeout = configuration.drainTimeout
        let now = clock.now
        control.withLock { control in
            guard !control.stopRequested else { return }
            control.stopRequested = true
            control.stopDeadline = now + drainTimeout
        }
        wakeup.wake()
    }

    func awaitTermination() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyDone = control.withLock { control -> Bool in
                if control.terminated || !control.started { return true }
                control.terminationWaiters.append(continuation)
                return false
            }
            if alreadyDone { continuation.resume() }
        }
    }

    var isConnected: Bool { control.withLock { $0.connected } }

    /// Why the last connection attempt or connection failed, for error messages (never contains the password).
    var lastError: String? { control.withLock { $0.lastError } }

    // MARK: Thread

    private func run() {
        var connection: AMQPConnection?
        var backoff = configuration.reconnectBackoffMin
        var failedAttempts = 0
        var lastInbound = clock.now
        // Whether the socket may have data librabbitmq has not read yet. Reading is attempted only then (or while
        // librabbitmq still buffers input): probing an empty socket costs two system calls per loop.
        var mayRead = true
        let silenceLimit: Duration? = configuration.heartbeat > .zero ? configuration.heartbeat * 2 : nil

        loop: while true {
            let (stopRequested, stopDeadline) = control.withLock { ($0.stopRequested, $0.stopDeadline) }
            guard let current = connection else {
                if stopRequested { break loop }
                do {
                    connection = try connect()
                    lastInbound = clock.now
                    mayRead = true
                    backoff = configuration.reconnectBackoffMin
                    if failedAttempts > 0 {
                        logger.info("AMQP connection established", metadata: ["attempts": "\(failedAttempts + 1)"])
                    } else {
                        logger.debug("AMQP connection established")
                    }
                    failedAttempts = 0
                } catch {
                    failedAttempts += 1
                    role.connectionLost(error)
                    record(error: error)
                    let level: Logger.Level = failedAttempts == 1 || failedAttempts % 20 == 0 ? .warning : .debug
                    logger.log(level: level, "cannot connect to RabbitMQ, retrying",
                               metadata: ["error": "\(error)", "attempt": "\(failedAttempts)",
                                          "retry.in": "\(backoff)", "amqp.url": "\(configuration.redactedURL)"])
                    waitBeforeReconnect(backoff)
                    backoff = min(backoff * 2, configuration.reconnectBackoffMax)
                }
                continue loop
            }

            do {
                if stopRequested {
                    let drained = try role.drain(current)
                    if drained || clock.now >= (stopDeadline ?? clock.now) {
                        if !drained {
                            logger.warning("closing the AMQP connection with work still in flight (drain timeout)")
                        }
                        current.close()
                        connection = nil
                        setConnected(false)
                        break loop
                    }
                }
                try role.performWork(current)
                var handled = 0
                while handled < Self.eventsPerIteration, mayRead || current.hasBufferedInput {
                    mayRead = false
                    guard let event = try current.nextEvent() else { break }
                    try role.handle(event, on: current)
                    handled += 1
                }
                let now = clock.now
                if handled > 0 {
                    role.didHandleEvents()
                    lastInbound = now
                }
                let nextDeadline = role.expireDeadlines(now: now)
                if handled == Self.eventsPerIteration || current.hasBufferedInput || !role.willPoll() { continue loop }

                var timeout = Duration.seconds(1)
                if let nextDeadline { timeout = min(timeout, max(.zero, nextDeadline - now)) }
                if stopRequested { timeout = min(timeout, .milliseconds(20)) }
                let (socketReady, wakeupReady) = pollReadable(current.socketDescriptor, wakeup.readDescriptor,
                                                              timeout: timeout)
                if wakeupReady { wakeup.drain() }
                if socketReady {
                    lastInbound = clock.now
                    mayRead = true
                } else {
                    // On a time-out read anyway once: that is also when librabbitmq sends a due heartbeat.
                    if !wakeupReady { mayRead = true }
                    if let silenceLimit, clock.now - lastInbound > silenceLimit {
                        throw AMQPError("nothing received from the broker for \(silenceLimit) (missed heartbeats)")
                    }
                }
            } catch {
                logger.warning("AMQP connection lost, reconnecting",
                               metadata: ["error": "\(error)", "amqp.url": "\(configuration.redactedURL)"])
                record(error: error)
                current.destroy()
                connection = nil
                setConnected(false)
                role.connectionLost(error)
                backoff = configuration.reconnectBackoffMin
            }
        }

        role.stopped()
        let waiters = control.withLock { control -> [CheckedContinuation<Void, Never>] in
            control.terminated = true
            control.connected = false
            defer { control.terminationWaiters = [] }
            return control.terminationWaiters
        }
        logger.debug("AMQP connection thread stopped")
        for waiter in waiters { waiter.resume() }
    }

    private func connect() throws -> AMQPConnection {
        let connection = try AMQPConnection.open(
            endpoint: configuration.endpoint, heartbeat: configuration.heartbeat,
            connectionName: "\(configuration.service) \(name)", timeout: Self.connectTimeout)
        do {
            try role.setUp(connection)
        } catch {
            connection.destroy()
            throw error
        }
        reconnects.increment()
        setConnected(true)
        return connection
    }

    private func setConnected(_ connected: Bool) {
        control.withLock { control in
            control.connected = connected
            if connected { control.lastError = nil }
        }
    }

    private func record(error: any Error) {
        control.withLock { $0.lastError = "\(error)" }
    }

    /// Sleeps for the back-off, still expiring deadlines and returning early when stop is requested.
    private func waitBeforeReconnect(_ delay: Duration) {
        let until = clock.now + delay
        while true {
            let now = clock.now
            if now >= until || control.withLock({ $0.stopRequested }) { return }
            var timeout = until - now
            if let next = role.expireDeadlines(now: now) { timeout = min(timeout, max(.zero, next - now)) }
            let (_, wakeupReady) = pollReadable(-1, wakeup.readDescriptor, timeout: timeout)
            if wakeupReady { wakeup.drain() }
        }
    }
}
