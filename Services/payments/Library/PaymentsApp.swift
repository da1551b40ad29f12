import Contracts
import Database
import Foundation
import ServiceRuntime

/// Kaspi payments: pay-by-account endpoint, partner API, payment log, refunds.
/// Its features arrive with their issues; today it starts, migrates its schema, declares its queues,
/// publishes `ServiceStarted` through its outbox and serves /healthz, /readyz and /metrics.
public enum PaymentsApp: ServiceDefinition {
    public static let service: ServiceName = .payments
    public static let defaultPort = 8084

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        ServiceParts()
    }
}
