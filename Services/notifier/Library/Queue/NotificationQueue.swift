import Contracts
import Database
import Foundation

/// The persistent outbound queue (table `notifications`) and the flood limiter state (`chat_send_limits`,
/// `global_send_limit`). Every operation is one short transaction; several notifier instances may use the same
/// tables at once:
///
/// - a claim locks the single `global_send_limit` row first, so claims (and the limiter updates they make) are
///   serialised across instances; the rows themselves are taken with `FOR UPDATE SKIP LOCKED` and leased;
/// - a chat with a message in flight (`sending`) is not claimed again, so one chat's messages go out one at a
///   time, in order;
/// - rate limiting uses the database clock (one clock for all instances); `not_before` is business time.
public struct NotificationQueue: Sendable {
    public let database: DatabasePool
    public let limits: SendLimits
    /// How long a claimed row belongs to its instance; an instance that died leaves it to be re-queued after.
    public let lease: Double

    public init(database: DatabasePool, limits: SendLimits = SendLimits(), lease: Double = 90) {
        self.database = database
        self.limits = limits
        self.lease = lease
    }

    static let encoder: JSONEncoder = {
        let encoder = ContractsCoding.encoder
        return encoder
    }()

    static let decoder: JSONDecoder = ContractsCoding.decoder

    // MARK: Enqueue

    /// Queues `notification` unless its dedupe key is known. Returns whether it was queued.
    @discardableResult
    public func enqueue(_ notification: NewNotification, now: Date,
                        in executor: (any SQLExecutor)? = nil) async throws -> Bool
    {
        let executor: any SQLExecutor = executor ?? database
        return try await executor.execute(try Self.insertion(notification, now: now)) == 1
    }

    /// Queues `notification` unless its dedupe key is known, in `transaction` without a round trip of its own
    /// (``DatabaseTransaction/executeDeferred(_:)``): for callers that need not know whether it was new.
    public func enqueueDeferred(_ notification: NewNotification, now: Date,
                                in transaction: DatabaseTransaction) throws
    {
        try transaction.executeDeferred(try Self.insertion(notification, now: now))
    }

    private static func insertion(_ notification: NewNotification, now: Date) throws -> SQL {
        let payload = String(decoding: try encoder.encode(notification.payload), as: UTF8.self)
        let notBefore = notification.notBefore ?? now
        return """
            INSERT INTO notifications (dedupe_key, chat_id, kind, booking_id, payload, not_before, urgent)
            VALUES (\(notification.dedupeKey), \(notification.chatId), \(notification.kind.rawValue),
                    \(notification.bookingId), \(payload)::jsonb, \(notBefore),
                    \(NotificationKind.urgent.contains(notification.kind)))
            ON CONFLICT (dedupe_key) DO NOTHING
            """
    }

    /// Skips queued notifications of these kinds about a booking (e.g. «hold ending soon» once it is paid), in
    /// `transaction` without a round trip of its own (``DatabaseTransaction/executeDeferred(_:)``).
    public func cancelDeferred(bookingId: UUID, kinds: [NotificationKind], reason: String,
                               in transaction: DatabaseTransaction) throws
    {
        try transaction.executeDeferred("""
            UPDATE notifications SET status = 'skipped', last_error = \(reason), updated_at = now()
            WHERE booking_id = \(bookingId) AND status = 'queued' AND kind = ANY(\(kinds.map(\.rawValue)))
            """)
    }

    // MARK: Claim

    /// Claims up to `maximum` due notifications that the limits allow right now, at most one per chat, charging
    /// the per-chat and bot-wide limiters in the same transaction.
    public func claim(maximum: Int, businessNow: Date, instance: UUID) async throws -> ClaimResult {
        let limits = limits
        let lease = lease
        return try await database.withTransaction { transaction in
            guard let limiter = try await transaction.queryFirst(
                "SELECT tat, clock_timestamp() AS now FROM global_send_limit WHERE id = 1 FOR UPDATE")
            else { throw QueueError(message: "global_send_limit has no row (migration 0002 not applied?)") }
            let tat = try limiter.decode("tat", as: Date.self)
            let now = try limiter.decode("now", as: Date.self)
            // GCRA: a message may go when max(tat, now) ≤ now + tolerance; each one moves tat by the interval.
            let start = max(tat, now).timeIntervalSince(now)
            let slack = limits.globalTolerance - start
            if slack < 0 {
                return ClaimResult(notifications: [], globalWait: -slack)
            }
            let available = min(maximum, Int((slack / limits.globalInterval).rounded(.down)) + 1)
            guard available > 0 else { return ClaimResult(notifications: [], globalWait: limits.globalInterval) }

            let chatHorizon = now.addingTimeInterval(limits.chatTolerance)
            // First the oldest `claimWindow` due notifications in claim order (an index range, however long the
            // queue), counted in the same statement. Only when those offer fewer than `available` while the window
            // is full — one flooded chat's messages ahead of everyone, say — the whole queue is searched, so no
            // chat waits behind another's backlog.
            let windowRows = try await transaction.query("""
                WITH window_rows AS MATERIALIZED (
                    SELECT id, chat_id, not_before, urgent FROM notifications
                    WHERE status = 'queued' AND not_before <= \(businessNow)
                    ORDER BY urgent DESC, not_before, id
                    LIMIT \(Self.claimWindow))
                SELECT w.size, c.id FROM (SELECT count(*) AS size FROM window_rows) w
                LEFT JOIN LATERAL (\(Self.candidates(from: "window_rows", chatHorizon: chatHorizon,
                                                      limit: available))) c ON true
                """)
            var candidates = try windowRows.compactMap { try $0.decode("id", as: Int64?.self) }
            let windowSize = try windowRows.first?.decode("size", as: Int.self) ?? 0
            if candidates.count < available, windowSize >= Self.claimWindow {
                candidates = try await transaction.query(Self.candidates(
                    from: """
                        (SELECT id, chat_id, not_before, urgent FROM notifications
                         WHERE status = 'queued' AND not_before <= \(businessNow))
                        """,
                    chatHorizon: chatHorizon, limit: available)).map { try $0.decode("id", as: Int64.self) }
            }
            guard !candidates.isEmpty else { return ClaimResult(notifications: [], globalWait: nil) }

            let leaseUntil = now.addingTimeInterval(lease)
            let rows = try await transaction.query("""
                UPDATE notifications
                SET status = 'sending', attempts = attempts + 1, lease_until = \(leaseUntil),
                    claimed_by = \(instance), updated_at = now()
                WHERE id IN (SELECT id FROM notifications WHERE id = ANY(\(candidates)) AND status = 'queued'
                             FOR UPDATE SKIP LOCKED)
                RETURNING id, dedupe_key, chat_id, kind, booking_id, payload::text AS payload, attempts
                """)
            let claimed = try rows.map { row in
                QueuedNotification(
                    id: try row.decode("id"), dedupeKey: try row.decode("dedupe_key"),
                    chatId: try row.decode("chat_id"), kind: NotificationKind(rawValue: try row.decode("kind")),
                    bookingId: try row.decode("booking_id"),
                    payload: try Self.decoder.decode(NotificationPayload.self,
                                                     from: Data(try row.decode("payload", as: String.self).utf8)),
                    attempts: try row.decode("attempts"))
            }
            guard !claimed.isEmpty else { return ClaimResult(notifications: [], globalWait: nil) }

            let chats = claimed.map(\.chatId)
            try await transaction.execute("""
                INSERT INTO chat_send_limits (chat_id, tat)
                SELECT chat, \(now)::timestamptz + \(limits.chatInterval) * interval '1 second'
                FROM unnest(\(chats)::bigint[]) AS chat
                ON CONFLICT (chat_id) DO UPDATE
                SET tat = GREATEST(chat_send_limits.tat, \(now)::timestamptz)
                          + \(limits.chatInterval) * interval '1 second'
                """)
            try await transaction.execute("""
                UPDATE global_send_limit
                SET tat = GREATEST(tat, \(now)::timestamptz)
                          + \(Double(claimed.count) * limits.globalInterval) * interval '1 second'
                WHERE id = 1
                """)
            return ClaimResult(notifications: claimed, globalWait: nil)
        }
    }

    /// How many of the first due notifications a claim looks at before it searches the whole queue.
    static let claimWindow = 200

    /// The oldest due notification of each chat that may receive one now (no message to it in flight, its
    /// limiter allows one), urgent ones first, at most `limit`, chosen among the rows of `source`.
    private static func candidates(from source: SQL, chatHorizon: Date, limit: Int) -> SQL {
        """
        SELECT id FROM (
            SELECT DISTINCT ON (n.chat_id) n.id, n.not_before, n.urgent
            FROM \(source) n
            LEFT JOIN chat_send_limits c ON c.chat_id = n.chat_id
            WHERE (c.tat IS NULL OR c.tat <= \(chatHorizon))
              AND NOT EXISTS (SELECT 1 FROM notifications s WHERE s.status = 'sending' AND s.chat_id = n.chat_id)
            ORDER BY n.chat_id, n.not_before, n.id
        ) due
        ORDER BY urgent DESC, not_before, id
        LIMIT \(limit)
        """
    }

    // MARK: Outcomes

    /// Telegram accepted the message. `then` (a follow-up) is queued in the same transaction, and only when this
    /// instance still held the row: recorded exactly once with the send.
    public func markSent(_ id: Int64, telegramMessageId: Int64?, instance: UUID, then: [NewNotification] = [],
                         now: Date = Date()) async throws
    {
        let update: SQL = """
            UPDATE notifications
            SET status = 'sent', telegram_message_id = \(telegramMessageId), sent_at = now(), updated_at = now(),
                lease_until = NULL, last_error = NULL
            WHERE id = \(id) AND status = 'sending' AND claimed_by = \(instance)
            """
        try await record(update, queueing: then, now: now)
    }

    /// The send-time condition no longer holds.
    public func markSkipped(_ id: Int64, reason: String, instance: UUID) async throws {
        try await database.execute("""
            UPDATE notifications
            SET status = 'skipped', last_error = \(reason), updated_at = now(), lease_until = NULL
            WHERE id = \(id) AND status = 'sending' AND claimed_by = \(instance)
            """)
    }

    /// Telegram refused for good (bot blocked, chat not found, a bad request): never retried.
    public func markFailedPermanently(_ id: Int64, error: String, instance: UUID) async throws {
        try await database.execute("""
            UPDATE notifications
            SET status = 'failed_permanent', last_error = \(error), updated_at = now(), lease_until = NULL
            WHERE id = \(id) AND status = 'sending' AND claimed_by = \(instance)
            """)
    }

    /// A transient failure: back to the queue, due at `notBefore` (business time). `alerts` are queued in the same
    /// transaction (idempotently, by their dedupe keys).
    public func retryLater(_ id: Int64, notBefore: Date, error: String, instance: UUID,
                           alerts: [NewNotification] = [], now: Date = Date()) async throws
    {
        let update: SQL = """
            UPDATE notifications
            SET status = 'queued', not_before = \(notBefore), last_error = \(error), updated_at = now(),
                lease_until = NULL, claimed_by = NULL
            WHERE id = \(id) AND status = 'sending' AND claimed_by = \(instance)
            """
        try await record(update, queueing: alerts, now: now)
    }

    /// Runs an outcome `update`; when it changed the row (this instance still held it), queues `notifications` in
    /// the same transaction.
    private func record(_ update: SQL, queueing notifications: [NewNotification], now: Date) async throws {
        guard !notifications.isEmpty else {
            try await database.execute(update)
            return
        }
        try await database.withTransaction { transaction in
            guard try await transaction.execute(update) == 1 else { return }
            for notification in notifications {
                try enqueueDeferred(notification, now: now, in: transaction)
            }
        }
    }

    /// Telegram answered 429: the row goes back to the queue as it was (the attempt is not counted), the chat
    /// waits `retryAfter` seconds and the bot-wide limiter slows down for a moment.
    public func floodLimited(_ id: Int64, chatId: Int64, retryAfter: Int, instance: UUID) async throws {
        let limits = limits
        let wait = Double(max(1, retryAfter))
        try await database.withTransaction { transaction in
            try await transaction.execute("""
                UPDATE notifications
                SET status = 'queued', attempts = GREATEST(attempts - 1, 0), updated_at = now(),
                    last_error = \("429 Too Many Requests: retry after \(retryAfter)"),
                    lease_until = NULL, claimed_by = NULL
                WHERE id = \(id) AND status = 'sending' AND claimed_by = \(instance)
                """)
            // The chat's next message may go at now + retry_after (GCRA: tat − tolerance).
            try await transaction.execute("""
                INSERT INTO chat_send_limits (chat_id, tat)
                VALUES (\(chatId), clock_timestamp() + \(wait + limits.chatTolerance) * interval '1 second')
                ON CONFLICT (chat_id) DO UPDATE
                SET tat = GREATEST(chat_send_limits.tat, EXCLUDED.tat)
                """)
            try await transaction.execute("""
                UPDATE global_send_limit
                SET tat = GREATEST(tat, clock_timestamp()) + \(min(wait, 1.0)) * interval '1 second'
                WHERE id = 1
                """)
        }
    }

    /// Rows left `sending` by an instance that died (lease over) go back to the queue. Returns how many.
    @discardableResult
    public func recoverExpiredLeases() async throws -> Int {
        try await database.execute("""
            UPDATE notifications
            SET status = 'queued', lease_until = NULL, claimed_by = NULL, updated_at = now(),
                last_error = 'lease expired: the sending instance stopped before recording the outcome'
            WHERE status = 'sending' AND lease_until < clock_timestamp()
            """)
    }

    /// Deletes finished notifications older than `retentionDays` (at most 5,000 per call; their dedupe keys go with
    /// them, so an event redelivered after that long would notify again) and per-chat limiter rows long idle.
    @discardableResult
    public func prune(retentionDays: Int) async throws -> Int {
        let removed = try await database.execute("""
            DELETE FROM notifications WHERE id IN (
                SELECT id FROM notifications
                WHERE status IN ('sent', 'skipped', 'failed_permanent')
                  AND updated_at < now() - \(retentionDays) * interval '1 day'
                LIMIT 5000)
            """)
        try await database.execute("DELETE FROM chat_send_limits WHERE tat < clock_timestamp() - interval '1 hour'")
        return removed
    }
}

/// A queue invariant broke (e.g. a migration is missing).
public struct QueueError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { "notification queue: \(message)" }
}
