import Contracts
import Database
import Foundation
import Messaging
import ServiceRuntime

/// Analytics: metrics, occupancy, reports. Today it keeps the timeline of service starts, which proves the
/// path outbox → RabbitMQ → inbox end to end; the business metrics arrive with their issues.
public enum AnalyticsApp: ServiceDefinition {
    public static let service: ServiceName = .analytics
    public static let defaultPort = 8086

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        let timeline = ServiceTimelineHandler(database: foundation.database, inbox: foundation.inbox,
                                              repository: PostgresServiceTimelineRepository())
        var subscriptions = Subscriptions()
        subscriptions.on(ServiceStarted.self) { envelope, context in
            try await timeline.handle(envelope, logger: context.logger)
        }
        return ServiceParts(subscriptions: subscriptions)
    }
}
