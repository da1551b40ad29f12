import Contracts
import Database
import Foundation
import HTTPClient
import Logging
import Messaging
import ServiceRuntime

/// The Telegram gateway: long-polls the Bot API, keeps each chat's conversation state, and talks to the
/// catalog and booking over the bus (see docs/gateway.md).
public enum GatewayApp: ServiceDefinition {
    public static let service: ServiceName = .gateway
    public static let defaultPort = 8081

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        let configuration = try GatewayConfiguration.load(from: foundation.configuration.reader)
        let http = HTTPClient(configuration: HTTPClientConfiguration(), logger: Logger(label: "gateway.telegram.http"))
        let api = TelegramBotAPI(baseURL: configuration.telegramAPIURL, token: configuration.botToken, http: http,
                                 logger: Logger(label: "gateway.telegram"))
        let listings = BusListings(bus: foundation.bus, catalogTTL: configuration.catalogCacheTTL,
                                         availabilityTTL: configuration.availabilityCacheTTL)
        let router = UpdateRouter(api: api, listings: listings, bookings: BusBookingDesk(bus: foundation.bus),
                                  reviews: BusReviewDesk(bus: foundation.bus),
                                  outbox: foundation.outbox, logger: Logger(label: "gateway.bot"),
                                  clock: try BusinessClock.load(from: foundation.configuration.reader,
                                                                environment: foundation.configuration.environment))
        // The polling leader's advisory lock lives on a connection of its own, so it never takes one of the
        // pool's connections from the handlers.
        var lockConfiguration = foundation.database.configuration
        lockConfiguration.poolSize = 1
        lockConfiguration.applicationName += "-polling-lock"
        let lockDatabase = DatabasePool(configuration: lockConfiguration, logger: Logger(label: "gateway.polling.lock"))
        let poller = UpdatePoller(api: api, store: ConversationStore(database: foundation.database, botId: api.botId ?? 0),
                                  router: router, lockDatabase: lockDatabase,
                                  pollTimeout: configuration.pollTimeout, logger: Logger(label: "gateway.polling"))
        let pruner = ProcessedUpdatesPruner(store: poller.store, logger: Logger(label: "gateway.pruning"))
        guard let webhookURL = configuration.webhookURL, let secret = configuration.webhookSecret else {
            return ServiceParts(services: [poller, pruner])
        }
        // Webhook mode: no long polling (Telegram refuses getUpdates while a webhook is set).
        let receiver = WebhookReceiver(api: api, store: poller.store, poller: poller, url: webhookURL, secret: secret,
                                       logger: Logger(label: "gateway.webhook"))
        return ServiceParts(routes: { router in receiver.addRoutes(to: router) }, services: [receiver, pruner])
    }
}
