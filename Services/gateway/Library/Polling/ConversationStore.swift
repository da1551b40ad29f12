import Database
import Foundation

/// Conversation state, handled updates and the polling offset in the `gateway` schema.
struct ConversationStore: Sendable {
    let database: DatabasePool
    let botId: Int64

    private static let encoder = JSONEncoder()
    private static let decoder = JSONDecoder()

    /// Runs `body` for an update exactly once: in one transaction, records `updateId` as handled (returning
    /// without calling `body` when it already was), locks and loads the chat's state, and stores what `body` returns.
    /// Returns false for a duplicate.
    func handleOnce(updateId: Int64, chatId: Int64,
                    _ body: (ConversationState, DatabaseTransaction) async throws -> ConversationState) async throws -> Bool
    {
        try await database.withTransaction { transaction in
            let inserted = try await transaction.execute("""
                INSERT INTO processed_updates (bot_id, update_id) VALUES (\(botId), \(updateId))
                ON CONFLICT DO NOTHING
                """)
            guard inserted == 1 else { return false }
            _ = try await transaction.execute("""
                INSERT INTO conversations (chat_id, state) VALUES (\(chatId), '{"idle":{}}'::jsonb)
                ON CONFLICT DO NOTHING
                """)
            let row = try await transaction.queryFirst(
                "SELECT state::text AS state FROM conversations WHERE chat_id = \(chatId) FOR UPDATE")
            let stored = try row.map { try $0.decode("state", as: String.self) } ?? "{\"idle\":{}}"
            // A state written by an older version that no longer decodes starts over at the menu.
            let state = (try? Self.decoder.decode(ConversationState.self, from: Data(stored.utf8))) ?? .idle
            let next = try await body(state, transaction)
            let json = String(decoding: try Self.encoder.encode(next), as: UTF8.self)
            _ = try await transaction.execute("""
                UPDATE conversations SET state = \(json)::jsonb, updated_at = now() WHERE chat_id = \(chatId)
                """)
            return true
        }
    }

    func loadOffset() async throws -> Int64? {
        try await database.queryFirst("SELECT next_offset FROM polling_offsets WHERE bot_id = \(botId)")
            .map { try $0.decode("next_offset", as: Int64.self) }
    }

    func storeOffset(_ offset: Int64) async throws {
        _ = try await database.execute("""
            INSERT INTO polling_offsets (bot_id, next_offset) VALUES (\(botId), \(offset))
            ON CONFLICT (bot_id) DO UPDATE SET next_offset = GREATEST(polling_offsets.next_offset, EXCLUDED.next_offset),
                                              updated_at = now()
            """)
    }
}
