import Contracts
import Database
import Foundation

/// Makes message handling idempotent: the id of every handled message is recorded in the same transaction as
/// the handler's changes, so a redelivered or duplicated message changes nothing the second time.
public struct Inbox: Sendable {
    public init() {}

    /// Runs `body` in a transaction unless a message with this id was already handled; returns nil for a
    /// duplicate. Two deliveries racing each other serialize on the inbox row: one handles, the other skips.
    @discardableResult
    public func handleOnce<T: Sendable>(_ metadata: EnvelopeMetadata, database: DatabasePool,
                                        _ body: (DatabaseTransaction) async throws -> T) async throws -> T?
    {
        try await database.withTransaction { transaction -> T? in
            let claimed = try await transaction.execute("""
                INSERT INTO inbox (message_id, message_type, producer)
                VALUES (\(metadata.messageId), \(metadata.type.rawValue), \(metadata.producer.rawValue))
                ON CONFLICT (message_id) DO NOTHING
                """)
            guard claimed == 1 else { return nil }
            return try await body(transaction)
        }
    }
}
