import Contracts
import Database
import Foundation
import ServiceRuntime

/// The notifier: every outbound Telegram message, rate-limited in one place.
/// Its features arrive with their issues; today it starts, migrates its schema, declares its queues,
/// publishes `ServiceStarted` through its outbox and serves /healthz, /readyz and /metrics.
public enum NotifierApp: ServiceDefinition {
    public static let service: ServiceName = .notifier
    public static let defaultPort = 8085

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        ServiceParts()
    }
}
