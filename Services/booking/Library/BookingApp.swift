import Contracts
import Database
import Foundation
import Messaging
import ServiceRuntime

/// Bookings: holds, the stay lifecycle, cancellations.
/// Today it answers availability (`booking.availability.check.v1`) for the gateway's search from `stays`;
/// holds, payments and the stay lifecycle arrive with the booking issue.
public enum BookingApp: ServiceDefinition {
    public static let service: ServiceName = .booking
    public static let defaultPort = 8083

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        ServiceParts(subscriptions: subscriptions(database: foundation.database))
    }

    /// Every message booking handles, in one place.
    public static func subscriptions(database: DatabasePool) -> Subscriptions {
        let availability = AvailabilityHandler(database: database)
        return Subscriptions { s in
            s.onRequest(CheckAvailability.self) { envelope, _ in try await availability.check(envelope.payload) }
        }
    }
}
