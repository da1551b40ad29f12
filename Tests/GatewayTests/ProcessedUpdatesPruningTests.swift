import Database
import Foundation
@testable import Gateway
import Logging
import Testing
import TestSupport

/// `processed_updates` keeps what deduplication needs (updates handled within the retention) and loses the rest.
@Suite struct ProcessedUpdatesPruningTests {
    @Test func pruningDeletesOnlyRecordsOlderThanTheRetention() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "gateway", poolSize: 2)
            let migrator = Migrator(pool: pool, schema: "gateway", logger: Logger(label: "gateway-tests.pruning"))
            try await migrator.migrate(try GatewayApp.migrations())
            let store = ConversationStore(database: pool, botId: 42)
            // Five handled three days ago, two an hour ago, one just now.
            try await pool.execute("""
                INSERT INTO processed_updates (bot_id, update_id, processed_at)
                SELECT 42, id, now() - CASE WHEN id <= 5 THEN interval '3 days'
                                            WHEN id <= 7 THEN interval '1 hour' ELSE interval '0' END
                FROM generate_series(1, 8) AS id
                """)

            // In batches smaller than the work: all old rows go, the recent ones stay.
            #expect(try await store.pruneProcessedUpdates(batchSize: 2) == 5)
            let left = try await pool.query("SELECT update_id FROM processed_updates ORDER BY update_id")
            #expect(try left.map { try $0.decode("update_id", as: Int64.self) } == [6, 7, 8])
            #expect(try await store.pruneProcessedUpdates() == 0)

            // A recent update is still refused as a redelivery; a pruned id counts as new.
            let chat = TelegramChat(id: 9, type: "private")
            func update(_ id: Int64) -> TelegramUpdate {
                TelegramUpdate(updateId: id, message: TelegramMessage(messageId: 1, date: 1, chat: chat, text: "/start"))
            }
            #expect(try await store.receiveDelivered(update(7), chatId: 9) == false)
            #expect(try await store.receiveDelivered(update(3), chatId: 9) == true)
            await pool.shutdown()
        }
    }
}
