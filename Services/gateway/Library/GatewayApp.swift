import Contracts
import Database
import Foundation
import ServiceRuntime

/// The Telegram gateway: updates in, conversations, replies out (through the notifier).
/// Its features arrive with their issues; today it starts, migrates its schema, declares its queues,
/// publishes `ServiceStarted` through its outbox and serves /healthz, /readyz and /metrics.
public enum GatewayApp: ServiceDefinition {
    public static let service: ServiceName = .gateway
    public static let defaultPort = 8081

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        ServiceParts()
    }
}
