import Database
import Foundation

/// Conversation state, received and handled updates and the polling offset in the `gateway` schema.
struct ConversationStore: Sendable {
    let database: DatabasePool
    let botId: Int64

    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// Runs `body` for an update exactly once. One statement records `updateId` as handled, removes it from
    /// `received_updates`, and creates or locks the chat's conversation row returning its state; when the update
    /// was already handled it returns false without calling `body`. The state `body` returns is stored in the same
    /// transaction (skipped when unchanged), together with whatever `body` wrote (outbox commands).
    func handleOnce(updateId: Int64, chatId: Int64,
                    _ body: (ConversationState, DatabaseTransaction) async throws -> ConversationState) async throws -> Bool
    {
        try await database.withTransaction { transaction in
            let row = try await transaction.queryFirst("""
                WITH fresh AS (
                    INSERT INTO processed_updates (bot_id, update_id) VALUES (\(botId), \(updateId))
                    ON CONFLICT DO NOTHING RETURNING update_id
                ), received AS (
                    DELETE FROM received_updates WHERE bot_id = \(botId) AND update_id = \(updateId)
                ), conversation AS (
                    INSERT INTO conversations (chat_id, state) SELECT \(chatId), '{"idle":{}}'::jsonb FROM fresh
                    ON CONFLICT (chat_id) DO UPDATE SET updated_at = now()
                    RETURNING state::text AS state
                )
                SELECT (SELECT count(*) FROM fresh) AS fresh, (SELECT state FROM conversation) AS state
                """)
            guard let row, try row.decode("fresh", as: Int64.self) == 1 else { return false }
            let stored = try row.decode("state", as: String?.self) ?? "{\"idle\":{}}"
            // A state written by an older version that no longer decodes starts over at the menu.
            let state = (try? Self.decoder.decode(ConversationState.self, from: Data(stored.utf8))) ?? .idle
            let next = try await body(state, transaction)
            guard next != state else { return true }
            let json = String(decoding: try Self.encoder.encode(next), as: UTF8.self)
            _ = try await transaction.execute("""
                UPDATE conversations SET state = \(json)::jsonb, updated_at = now() WHERE chat_id = \(chatId)
                """)
            return true
        }
    }

    /// Stores a fetched batch and the next getUpdates offset (for operators: the poller starts without one) in one
    /// statement, before the offset acknowledges the batch to Telegram. Updates already handled or already stored are left out. Returns the ids newly stored
    /// (those to handle now).
    func receive(_ updates: [(update: TelegramUpdate, chatId: Int64)], nextOffset: Int64) async throws -> Set<Int64> {
        let ids = updates.map(\.update.updateId)
        let chats = updates.map(\.chatId)
        let payloads = try updates.map { String(decoding: try TelegramBotAPI.encoder.encode($0.update), as: UTF8.self) }
        let rows = try await database.query("""
            WITH stored AS (
                INSERT INTO received_updates (bot_id, update_id, chat_id, payload)
                SELECT \(botId), batch.update_id, batch.chat_id, batch.payload
                FROM unnest(\(ids)::int8[], \(chats)::int8[], \(payloads)::text[]) AS batch(update_id, chat_id, payload)
                WHERE NOT EXISTS (SELECT 1 FROM processed_updates p
                                  WHERE p.bot_id = \(botId) AND p.update_id = batch.update_id)
                ON CONFLICT DO NOTHING
                RETURNING update_id
            ), next_offset AS (
                INSERT INTO polling_offsets (bot_id, next_offset) VALUES (\(botId), \(nextOffset))
                ON CONFLICT (bot_id) DO UPDATE SET next_offset = EXCLUDED.next_offset, updated_at = now()
            )
            SELECT update_id FROM stored
            """)
        return Set(try rows.map { try $0.decode("update_id", as: Int64.self) })
    }

    /// Webhook mode: stores one update delivered by Telegram; false when it was handled or stored before (a
    /// redelivery). Nothing is confirmed to Telegram until this returns: its 200 answer does that.
    func receiveDelivered(_ update: TelegramUpdate, chatId: Int64) async throws -> Bool {
        let payload = String(decoding: try TelegramBotAPI.encoder.encode(update), as: UTF8.self)
        let rows = try await database.query("""
            INSERT INTO received_updates (bot_id, update_id, chat_id, payload)
            SELECT \(botId), \(update.updateId), \(chatId), \(payload)
            WHERE NOT EXISTS (SELECT 1 FROM processed_updates p
                              WHERE p.bot_id = \(botId) AND p.update_id = \(update.updateId))
            ON CONFLICT DO NOTHING
            RETURNING update_id
            """)
        return !rows.isEmpty
    }

    /// How long a handled update is remembered: Telegram delivers an update it has not seen confirmed for at most
    /// 24 hours, so a record twice as old can no longer stop a duplicate (and would wrongly stop a new update
    /// once Telegram restarts its ids, which it does after a week without updates).
    static let processedRetention: Duration = .seconds(48 * 3600)

    /// Deletes the records of updates handled more than `retention` ago, at most `batchSize` rows per statement;
    /// returns how many were deleted.
    @discardableResult
    func pruneProcessedUpdates(olderThan retention: Duration = processedRetention,
                               batchSize: Int = 10_000) async throws -> Int
    {
        let seconds = Int(retention.components.seconds)
        var total = 0
        while true {
            let deleted = try await database.execute("""
                DELETE FROM processed_updates WHERE (bot_id, update_id) IN (
                    SELECT bot_id, update_id FROM processed_updates
                    WHERE processed_at < now() - make_interval(secs => \(seconds))
                    LIMIT \(batchSize))
                """)
            total += deleted
            if deleted < batchSize { return total }
        }
    }

    /// How many starts may pick a stored update up again before it is given up.
    static let maximumRecoveries = 3

    /// Updates stored but not handled yet (left by a crash or a shutdown), oldest first, each counted as picked up
    /// once more (committed before any is handled). An update picked up more than ``maximumRecoveries`` times has
    /// stopped the process that many times (or the service was stopped while it waited, as often): it is recorded
    /// as handled instead, and returned in `givenUp` for the chat to be told.
    func receivedUpdates() async throws -> (pending: [(update: TelegramUpdate, chatId: Int64)],
                                            givenUp: [(updateId: Int64, chatId: Int64)])
    {
        let rows = try await database.query("""
            UPDATE received_updates SET recoveries = recoveries + 1 WHERE bot_id = \(botId)
            RETURNING update_id, chat_id, payload, recoveries
            """)
        var pending: [(updateId: Int64, update: TelegramUpdate, chatId: Int64)] = []
        var givenUp: [(updateId: Int64, chatId: Int64)] = []
        for row in rows {
            let updateId = try row.decode("update_id", as: Int64.self)
            let chatId = try row.decode("chat_id", as: Int64.self)
            guard try row.decode("recoveries", as: Int.self) <= Self.maximumRecoveries else {
                givenUp.append((updateId, chatId))
                continue
            }
            let payload = try row.decode("payload", as: String.self)
            pending.append((updateId, try TelegramBotAPI.decoder.decode(TelegramUpdate.self, from: Data(payload.utf8)),
                            chatId))
        }
        for (updateId, chatId) in givenUp {
            _ = try await handleOnce(updateId: updateId, chatId: chatId) { state, _ in state }
        }
        return (pending.sorted { $0.updateId < $1.updateId }.map { ($0.update, $0.chatId) },
                givenUp.sorted { $0.updateId < $1.updateId })
    }
}
