import Contracts
import Database
import Foundation
import Logging
import Metrics

public struct OutboxRelayConfiguration: Sendable {
    /// How often to look for rows committed by other instances (rows of this process wake the relay at once).
    public var pollInterval: Duration = .milliseconds(500)
    /// Rows published (with confirms) per transaction.
    public var batchSize: Int = 200
    /// Published rows are kept this long for inspection, then deleted.
    public var retention: Duration = .seconds(3 * 24 * 3600)
    public var maxBackoff: Duration = .seconds(5)

    public init() {}
}

/// Publishes committed outbox rows and marks them published.
///
/// Safe with any number of instances: each batch is claimed with `FOR UPDATE SKIP LOCKED` inside a transaction
/// that stays open until the broker confirmed every message, so a row is published by one relay at a time and
/// is marked only after its confirm. A crash between confirm and commit publishes the row again: delivery is
/// at least once, and consumers deduplicate by message id (`Inbox`).
public final class OutboxRelay: Sendable {
    private let pool: DatabasePool
    private let bus: MessageBus
    private let configuration: OutboxRelayConfiguration
    private let signal: OutboxSignal
    private let logger: Logger
    private let published = Counter(label: "outbox_published_total")
    private let failures = Counter(label: "outbox_publish_failures_total")

    public init(pool: DatabasePool, bus: MessageBus, configuration: OutboxRelayConfiguration, signal: OutboxSignal,
                logger: Logger)
    {
        self.pool = pool
        self.bus = bus
        self.configuration = configuration
        self.signal = signal
        self.logger = logger
    }

    /// Runs until cancelled. Starts relaying once the bus has connected and declared its queues, so that the
    /// service's first messages also reach its own subscriptions on a fresh broker.
    public func run() async throws {
        while !bus.isConnected && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
        }
        var backoff = Duration.milliseconds(100)
        var lastCleanup = ContinuousClock.now
        while !Task.isCancelled {
            do {
                let count = try await relayBatch()
                backoff = .milliseconds(100)
                if count == configuration.batchSize { continue }
                if ContinuousClock.now - lastCleanup > .seconds(600) {
                    try await deletePublished()
                    lastCleanup = .now
                }
                await signal.wait(timeout: configuration.pollInterval)
            } catch is CancellationError {
                break
            } catch {
                failures.increment()
                logger.warning("outbox relay failed, retrying", metadata: ["error": "\(error)",
                                                                           "retry.in": "\(backoff)"])
                try? await Task.sleep(for: backoff)
                backoff = min(backoff * 2, configuration.maxBackoff)
            }
        }
    }

    /// Publishes one batch of pending rows; returns how many were published.
    @discardableResult
    public func relayBatch() async throws -> Int {
        do {
            let count = try await pool.withTransaction { transaction -> Int in
                let rows = try await transaction.query("""
                    SELECT id, exchange, routing_key, body, persistent FROM outbox
                    WHERE published_at IS NULL ORDER BY id
                    LIMIT \(configuration.batchSize) FOR UPDATE SKIP LOCKED
                    """)
                guard !rows.isEmpty else { return 0 }
                var ids: [Int64] = []
                var messages: [OutgoingMessage] = []
                ids.reserveCapacity(rows.count)
                messages.reserveCapacity(rows.count)
                for row in rows {
                    ids.append(try row.decode("id", as: Int64.self))
                    let envelope = try RawEnvelope(body: try row.decode("body", as: Data.self))
                    messages.append(OutgoingMessage(exchange: try row.decode("exchange", as: String.self),
                                                    routingKey: try row.decode("routing_key", as: String.self),
                                                    envelope: envelope,
                                                    persistent: try row.decode("persistent", as: Bool.self)))
                }
                try await bus.publish(messages)
                try await transaction.execute("""
                    UPDATE outbox SET published_at = now(), attempts = attempts + 1, last_error = NULL
                    WHERE id = ANY(\(ids))
                    """)
                return rows.count
            }
            if count > 0 { published.increment(by: count) }
            return count
        } catch let error as DatabaseError {
            throw error
        } catch {
            await recordFailure(error)
            throw error
        }
    }

    /// Number of committed rows not yet published (for tests and metrics).
    public func pendingCount() async throws -> Int {
        let rows = try await pool.query("SELECT count(*) AS pending FROM outbox WHERE published_at IS NULL")
        return try rows.first?.decode("pending", as: Int.self) ?? 0
    }

    private func recordFailure(_ error: any Error) async {
        let text = String(String(describing: error).prefix(500))
        let batch = configuration.batchSize
        do {
            try await pool.execute("""
                UPDATE outbox SET attempts = attempts + 1, last_error = \(text)
                WHERE id IN (SELECT id FROM outbox WHERE published_at IS NULL ORDER BY id
                             LIMIT \(batch) FOR UPDATE SKIP LOCKED)
                """)
        } catch {
            logger.debug("could not record outbox failure", metadata: ["error": "\(error)"])
        }
    }

    private func deletePublished() async throws {
        let seconds = Int(configuration.retention.components.seconds)
        try await pool.execute("""
            DELETE FROM outbox WHERE published_at < now() - make_interval(secs => \(seconds))
            """)
    }
}
