import Contracts
import Database
import Foundation
import ServiceRuntime

/// Bookings: holds, the stay lifecycle, cancellations.
/// Its features arrive with their issues; today it starts, migrates its schema, declares its queues,
/// publishes `ServiceStarted` through its outbox and serves /healthz, /readyz and /metrics.
public enum BookingApp: ServiceDefinition {
    public static let service: ServiceName = .booking
    public static let defaultPort = 8083

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        ServiceParts()
    }
}
