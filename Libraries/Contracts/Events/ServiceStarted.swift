import Foundation

/// A service instance finished starting: it migrated its schema, declared its queues and serves health checks.
/// Published by every service through its outbox; analytics keeps the timeline of deployments and restarts.
public struct ServiceStarted: Event {
    public static let messageType: MessageType = "platform.service.started.v1"

    public var service: ServiceName
    /// Unique per process start.
    public var instanceId: UUID
    public var version: String
    /// Highest migration version applied in the service's schema at start.
    public var schemaVersion: Int
    public var startedAt: Date

    public init(service: ServiceName, instanceId: UUID, version: String, schemaVersion: Int, startedAt: Date) {
        self.service = service
        self.instanceId = instanceId
        self.version = version
        self.schemaVersion = schemaVersion
        self.startedAt = startedAt
    }
}
