import Contracts
import Database
import Foundation
import Logging
import Messaging

/// What the runtime has prepared before a service builds its own parts: a migrated database, the outbox to
/// publish through, the inbox that makes handlers idempotent and the bus for RPC calls to other services.
public struct ServiceFoundation: Sendable {
    public let configuration: ServiceConfiguration
    public let logger: Logger
    public let database: DatabasePool
    public let outbox: Outbox
    public let inbox: Inbox
    /// The service's one bus. Use it for RPC requests (`bus.request`) once the service runs; publish events
    /// through the ``outbox`` instead. Its handlers are the ``ServiceParts/subscriptions`` returned by `build`.
    public let bus: MessageBus
    /// Highest applied migration of the service's own migrations.
    public let schemaVersion: Int

    public var service: ServiceName { configuration.service }
}
