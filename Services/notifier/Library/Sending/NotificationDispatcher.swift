import Foundation
import Logging
import ServiceLifecycle
import ServiceRuntime

/// The sender workers of one notifier instance, as a `Service`. Each worker claims a batch of due
/// notifications (``NotificationQueue/claim``: limits charged in PostgreSQL), renders and sends them
/// concurrently, records each outcome, and claims again.
///
/// Graceful shutdown: workers stop claiming, finish the sends they started and record their outcomes, then
/// ``run()`` returns. A crash instead leaves claimed rows `sending` until their lease ends; they are then
/// queued again (see docs/notifier.md for the one window where that repeats a message).
public final class NotificationDispatcher: Service, Sendable {
    public struct Configuration: Sendable {
        /// Concurrent claim loops.
        public var workers: Int
        /// Rows one claim may take.
        public var batchSize: Int
        /// Pause when there was nothing to claim.
        public var idleInterval: Duration
        /// First retry delay of a transient failure (doubles per attempt, ± 20 % jitter).
        public var retryBase: Double
        public var retryMax: Double
        /// Finished notifications are deleted after this many days.
        public var retentionDays: Int = 30

        public init(workers: Int = 4, batchSize: Int = 10, idleInterval: Duration = .milliseconds(100),
                    retryBase: Double = 2, retryMax: Double = 300)
        {
            self.workers = workers
            self.batchSize = batchSize
            self.idleInterval = idleInterval
            self.retryBase = retryBase
            self.retryMax = retryMax
        }
    }

    public let instance: UUID
    private let queue: NotificationQueue
    private let renderer: NotificationRenderer
    private let sender: any TelegramSending
    private let clock: BusinessClock
    private let configuration: Configuration
    private let logger: Logger
    private let stopping = StopFlag()

    public init(queue: NotificationQueue, renderer: NotificationRenderer, sender: any TelegramSending,
                clock: BusinessClock, configuration: Configuration = Configuration(), instance: UUID = UUID(),
                logger: Logger)
    {
        self.queue = queue
        self.renderer = renderer
        self.sender = sender
        self.clock = clock
        self.configuration = configuration
        self.instance = instance
        var logger = logger
        logger[metadataKey: "notifier.instance"] = "\(instance)"
        self.logger = logger
    }

    /// Runs the workers until a graceful shutdown (or ``stop()``).
    public func run() async throws {
        await withGracefulShutdownHandler {
            await runWorkers()
        } onGracefulShutdown: {
            self.stop()
            self.logger.info("notification workers stopping: no new claims, sends in flight finish")
        }
    }

    /// Asks the workers to stop claiming; sends in flight finish and are recorded.
    public func stop() { stopping.set() }

    /// The workers, until ``stop()``.
    public func runWorkers() async {
        logger.info("notification workers started", metadata: ["workers": "\(configuration.workers)"])
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<max(1, configuration.workers) {
                group.addTask { await self.workerLoop(index: index) }
            }
        }
        logger.info("notification workers stopped")
    }

    private func workerLoop(index: Int) async {
        var lastRecovery = ContinuousClock.now - .seconds(3600)
        var lastPrune = ContinuousClock.now
        while !stopping.isSet {
            if index == 0, ContinuousClock.now - lastPrune > .seconds(600) {
                lastPrune = .now
                do {
                    try await queue.prune(retentionDays: configuration.retentionDays)
                } catch {
                    logger.error("pruning old notifications failed", metadata: ["error": "\(error)"])
                }
            }
            if index == 0, ContinuousClock.now - lastRecovery > .seconds(10) {
                lastRecovery = .now
                do {
                    let recovered = try await queue.recoverExpiredLeases()
                    if recovered > 0 { logger.warning("re-queued notifications with expired leases",
                                                      metadata: ["count": "\(recovered)"]) }
                } catch {
                    logger.error("lease recovery failed", metadata: ["error": "\(error)"])
                }
            }
            let claim: ClaimResult
            do {
                claim = try await queue.claim(maximum: configuration.batchSize, businessNow: clock.now(),
                                              instance: instance)
            } catch {
                logger.error("claiming notifications failed", metadata: ["error": "\(error)"])
                await pause(.seconds(1))
                continue
            }
            if claim.notifications.isEmpty {
                if let wait = claim.globalWait {
                    await pause(.milliseconds(Int(min(wait, 1) * 1000) + 1))
                } else {
                    await pause(configuration.idleInterval)
                }
                continue
            }
            await withTaskGroup(of: Void.self) { group in
                for notification in claim.notifications {
                    group.addTask { await self.deliver(notification) }
                }
            }
        }
    }

    private func pause(_ duration: Duration) async {
        try? await Task.sleep(for: duration)
    }

    /// Renders, sends and records one claimed notification. Never throws: every outcome is written down.
    private func deliver(_ notification: QueuedNotification) async {
        var log = logger
        log[metadataKey: "notification.id"] = "\(notification.id)"
        log[metadataKey: "notification.kind"] = "\(notification.kind.rawValue)"
        let decision: NotificationRenderer.Decision
        do {
            decision = try await renderer.render(notification, now: clock.now())
        } catch {
            // Text and details are never logged; the error comes from the bus (timeout, remote code).
            log.warning("rendering failed, retrying later", metadata: ["error": "\(error)"])
            await record(log) {
                try await self.queue.retryLater(notification.id, notBefore: self.retryAt(notification.attempts),
                                                error: "render: \(error)", instance: self.instance)
            }
            return
        }
        switch decision {
        case .skip(let reason):
            log.debug("notification skipped", metadata: ["reason": "\(reason)"])
            await record(log) {
                try await self.queue.markSkipped(notification.id, reason: reason, instance: self.instance)
            }
        case .retry(let error, let within, let alerts):
            log.warning("waiting for what the notification needs, retrying soon",
                        metadata: ["error": "\(error)", "alerts": "\(alerts.count)"])
            let now = clock.now()
            await record(log) {
                try await self.queue.retryLater(notification.id,
                                                notBefore: self.retryAt(notification.attempts, within: within),
                                                error: error, instance: self.instance, alerts: alerts, now: now)
            }
        case .send(let text, let buttons, let followUps):
            if !followUps.isEmpty {
                log.warning("access details unavailable: the guest is told they follow",
                            metadata: ["booking.id": "\(notification.bookingId?.uuidString ?? "-")"])
            }
            let outcome = await sender.sendMessage(chatId: notification.chatId, text: text, buttons: buttons)
            switch outcome {
            case .sent(let messageId):
                let now = clock.now()
                await record(log) {
                    try await self.queue.markSent(notification.id, telegramMessageId: messageId,
                                                  instance: self.instance, then: followUps, now: now)
                }
            case .floodLimited(let retryAfter):
                log.warning("telegram flood limit", metadata: ["retry_after": "\(retryAfter)"])
                await record(log) {
                    try await self.queue.floodLimited(notification.id, chatId: notification.chatId,
                                                      retryAfter: retryAfter, instance: self.instance)
                }
            case .permanent(let description):
                log.warning("telegram refused the notification for good", metadata: ["error": "\(description)"])
                await record(log) {
                    try await self.queue.markFailedPermanently(notification.id, error: description,
                                                               instance: self.instance)
                }
            case .transient(let description):
                log.warning("sending failed, retrying later", metadata: ["error": "\(description)"])
                await record(log) {
                    try await self.queue.retryLater(notification.id, notBefore: self.retryAt(notification.attempts),
                                                    error: description, instance: self.instance)
                }
            }
        }
    }

    /// Business time of the next attempt after `attempts` failures.
    /// `within`: the longest delay allowed (a guest waiting for door codes is retried every few seconds).
    func retryAt(_ attempts: Int, within: Double? = nil) -> Date {
        let exponent = Double(min(max(attempts - 1, 0), 20))
        let delay = min(within ?? configuration.retryMax, configuration.retryMax,
                        configuration.retryBase * pow(2, exponent))
        return clock.now().addingTimeInterval(delay * Double.random(in: 0.8...1.2))
    }

    /// Writes an outcome, retrying while the database is unreachable (up to about a minute; after that the
    /// lease runs out and the row is queued again).
    private func record(_ log: Logger, _ write: @escaping @Sendable () async throws -> Void) async {
        var delay: Duration = .milliseconds(100)
        for attempt in 1...12 {
            do {
                try await write()
                return
            } catch {
                log.error("recording a notification outcome failed",
                          metadata: ["error": "\(error)", "attempt": "\(attempt)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(10))
            }
        }
    }
}
