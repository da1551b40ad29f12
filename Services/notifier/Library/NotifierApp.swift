import Contracts
import Database
import Foundation
import HTTPClient
import Messaging
import ServiceRuntime

/// The notifier: the single way messages leave for Telegram. Events become rows of one persistent queue
/// (``NotificationPlanner``); sender workers (``NotificationDispatcher``) deliver them within Telegram's flood
/// limits, kept in PostgreSQL so that any number of instances share them. See docs/notifier.md.
public enum NotifierApp: ServiceDefinition {
    public static let service: ServiceName = .notifier
    public static let defaultPort = 8085

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        let settings = try NotifierConfiguration.load(from: foundation.configuration.reader)
        let clock = try BusinessClock.load(from: foundation.configuration.reader,
                                           environment: foundation.configuration.environment)
        let queue = NotificationQueue(database: foundation.database, limits: settings.limits)
        let lookups = BusNotifierLookups(bus: foundation.bus)
        var planner = NotificationPlanner(queue: queue, lookups: lookups, clock: clock)
        planner.reviewReminderDelay = settings.reviewReminderDelay
        planner.reviewNudgeDelay = settings.reviewNudgeDelay
        let http = HTTPClient(configuration: HTTPClientConfiguration(threads: 1, defaultTimeout: .seconds(30)),
                              logger: foundation.logger)
        let sender = TelegramBotSender(baseURL: settings.telegramURL, token: settings.telegramToken, http: http)
        let renderer = NotificationRenderer(lookups: lookups, replicas: NotifierReplicas(database: foundation.database),
                                            access: settings.access)
        let dispatcher = NotificationDispatcher(queue: queue, renderer: renderer,
                                                sender: sender, clock: clock, configuration: settings.dispatcher,
                                                instance: foundation.configuration.instanceId,
                                                logger: foundation.logger)
        return ServiceParts(subscriptions: subscriptions(planner), services: [dispatcher])
    }

    static func subscriptions(_ planner: NotificationPlanner) -> Subscriptions {
        Subscriptions { s in
            s.on(BookingHeld.self) { envelope, _ in try await planner.handle(envelope) }
            s.on(BookingPaid.self) { envelope, _ in try await planner.handle(envelope) }
            s.on(BookingExpired.self) { envelope, _ in try await planner.handle(envelope) }
            s.on(BookingCancelled.self) { envelope, _ in try await planner.handle(envelope) }
            s.on(BookingCheckedIn.self) { envelope, _ in try await planner.handle(envelope) }
            s.on(BookingNoShow.self) { envelope, _ in try await planner.handle(envelope) }
            s.on(BookingCompleted.self) { envelope, _ in try await planner.handle(envelope) }
            s.on(RefundCompleted.self) { envelope, _ in try await planner.handle(envelope) }
            s.on(PaymentFailed.self) { envelope, _ in try await planner.handle(envelope) }
            s.on(ReviewPublished.self) { envelope, _ in try await planner.handle(envelope) }
            s.on(ApartmentPublished.self) { envelope, _ in try await planner.handle(envelope) }
            s.on(ApartmentUpdated.self) { envelope, _ in try await planner.handle(envelope) }
            s.on(ApartmentHidden.self) { envelope, _ in try await planner.handle(envelope) }
            s.onCommand(SendNotification.self) { envelope, _ in try await planner.handle(envelope) }
        }
    }
}
