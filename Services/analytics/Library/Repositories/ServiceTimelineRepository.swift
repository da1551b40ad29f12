import Contracts
import Database
import Foundation

protocol ServiceTimelineRepository: Sendable {
    func record(_ start: ServiceStarted, messageId: UUID, in transaction: DatabaseTransaction) async throws
}

struct PostgresServiceTimelineRepository: ServiceTimelineRepository {
    func record(_ start: ServiceStarted, messageId: UUID, in transaction: DatabaseTransaction) async throws {
        try await transaction.execute("""
            INSERT INTO service_starts (instance_id, service, version, schema_version, started_at, message_id)
            VALUES (\(start.instanceId), \(start.service.rawValue), \(start.version), \(start.schemaVersion),
                    \(start.startedAt), \(messageId))
            ON CONFLICT (instance_id) DO NOTHING
            """)
    }
}
