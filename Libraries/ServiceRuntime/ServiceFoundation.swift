import Contracts
import Database
import Foundation
import Logging
import Messaging

/// What the runtime has prepared before a service builds its own parts: a migrated database, the outbox to
/// publish through and the inbox that makes handlers idempotent.
public struct ServiceFoundation: Sendable {
    public let configuration: ServiceConfiguration
    public let logger: Logger
    public let database: DatabasePool
    public let outbox: Outbox
    public let inbox: Inbox
    /// Highest applied migration of the service's own migrations.
    public let schemaVersion: Int

    public var service: ServiceName { configuration.service }
}
