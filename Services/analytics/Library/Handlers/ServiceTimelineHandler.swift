import Contracts
import Database
import Logging
import Messaging

/// Records each `ServiceStarted` exactly once, whatever the number of deliveries.
struct ServiceTimelineHandler: Sendable {
    let database: DatabasePool
    let inbox: Inbox
    let repository: any ServiceTimelineRepository

    func handle(_ envelope: Envelope<ServiceStarted>, logger: Logger) async throws {
        let recorded = try await inbox.handleOnce(envelope.metadata, database: database) { transaction in
            try await repository.record(envelope.payload, messageId: envelope.messageId, in: transaction)
            return true
        } ?? false
        if !recorded {
            logger.debug("duplicate service start ignored")
        } else {
            logger.info("service start recorded", metadata: ["started.service": "\(envelope.payload.service)"])
        }
    }
}
