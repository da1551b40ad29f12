import Contracts
import Database
import Foundation
import ServiceRuntime

/// The web admin panel.
/// Its features arrive with their issues; today it starts, migrates its schema, declares its queues,
/// publishes `ServiceStarted` through its outbox and serves /healthz, /readyz and /metrics.
public enum AdminApp: ServiceDefinition {
    public static let service: ServiceName = .admin
    public static let defaultPort = 8080

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        ServiceParts()
    }
}
