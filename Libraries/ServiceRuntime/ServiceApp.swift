import Contracts
import Database
import Foundation
import Hummingbird
import Logging
import Messaging
import ServiceLifecycle
import UnixSignals

/// Builds and runs one service: the only place where the runtime's concrete types are chosen.
///
/// Start order: connect and migrate the schema (waiting for PostgreSQL with backoff), record `ServiceStarted` in
/// the outbox, then one ServiceGroup of [database, bus, outbox relay, the service's own components, HTTP].
/// The group stops in reverse order on SIGTERM/SIGINT: HTTP first, the database pool last.
public enum ServiceApp {
    /// Everything the group runs, in order, plus the pieces tests and tools want to reach.
    public struct Assembly: Sendable {
        public let foundation: ServiceFoundation
        public let bus: MessageBus
        public let services: [any Service]
    }

    public static func assemble(configuration: ServiceConfiguration, migrations: [Migration], logger: Logger,
                                startupTimeout: Duration = .seconds(60),
                                build: @Sendable (ServiceFoundation) async throws -> ServiceParts) async throws -> Assembly
    {
        let database = DatabasePool(configuration: configuration.database,
                                    logger: Logger(label: "\(configuration.service).database"))
        let schema = configuration.service.rawValue
        let migrator = Migrator(pool: database, schema: schema, logger: Logger(label: "\(schema).migrations"))
        let schemaVersion = try await retryUntilReachable(timeout: startupTimeout, logger: logger) {
            _ = try await migrator.migrate(MessagingMigrations.all, component: "messaging")
            return try await migrator.migrate(migrations, component: "service")
        }
        let signal = OutboxSignal()
        let outbox = Outbox(producer: configuration.service, signal: signal)
        let bus = MessageBus(configuration: configuration.bus, logger: Logger(label: "\(schema).bus"))
        let foundation = ServiceFoundation(configuration: configuration, logger: logger, database: database,
                                           outbox: outbox, inbox: Inbox(), bus: bus, schemaVersion: schemaVersion)
        let parts = try await build(foundation)
        try bus.install(parts.subscriptions)

        let relay = OutboxRelay(pool: database, bus: bus, configuration: configuration.outbox, signal: signal,
                                logger: Logger(label: "\(schema).outbox"))
        let checks = [
            ReadinessCheck(name: "database") { try await database.ping() },
            ReadinessCheck(name: "broker") {
                guard bus.isConnected else { throw BrokerNotConnected() }
            },
        ] + parts.readiness

        let router = Router()
        OperationalRoutes.add(to: router, service: schema, checks: checks, registry: ProcessBootstrap.metricsRegistry)
        parts.routes(router)
        let http = Application(router: router,
                               configuration: .init(address: .hostname(configuration.httpHost,
                                                                        port: configuration.httpPort),
                                                    serverName: "zhilyego-\(schema)"),
                               logger: Logger(label: "\(schema).http"))

        // The first fact every instance publishes proves the outbox path end to end.
        let started = ServiceStarted(service: configuration.service, instanceId: configuration.instanceId,
                                     version: configuration.version, schemaVersion: schemaVersion,
                                     startedAt: Date())
        try await database.withTransaction { transaction in
            _ = try await outbox.publish(started, in: transaction)
        }

        let services: [any Service] = [DatabasePoolService(pool: database),
                                       LoopService("bus") { try await bus.run() },
                                       LoopService("outbox-relay") { try await relay.run() }]
            + parts.services + [http]
        return Assembly(foundation: foundation, bus: bus, services: services)
    }

    /// The body of every service's `main.swift`: bootstrap logs and metrics, read the configuration (a bad
    /// variable stops the process with a message naming it), assemble, run until SIGTERM/SIGINT.
    public static func main(service: ServiceName, defaultPort: Int, migrations: @Sendable () throws -> [Migration],
                            build: @escaping @Sendable (ServiceFoundation) async throws -> ServiceParts) async
    {
        ProcessBootstrap.bootstrap()
        var logger = Logger(label: "\(service).main")
        let configuration: ServiceConfiguration
        do {
            configuration = try ServiceConfiguration.load(service: service, defaultPort: defaultPort)
        } catch {
            FileHandle.standardError.write(Data("\(service): \(error)\n".utf8))
            exit(78)  // EX_CONFIG
        }
        logger[metadataKey: "instance.id"] = "\(configuration.instanceId)"
        do {
            let assembly = try await assemble(configuration: configuration, migrations: try migrations(),
                                              logger: logger, build: build)
            let group = ServiceGroup(configuration: .init(services: assembly.services,
                                                          gracefulShutdownSignals: [.sigterm, .sigint],
                                                          logger: logger))
            logger.info("service starting", metadata: [
                "http.port": "\(configuration.httpPort)", "environment": "\(configuration.environment.rawValue)",
                "schema.version": "\(assembly.foundation.schemaVersion)",
            ])
            try await group.run()
            logger.info("service stopped")
            exit(0)
        } catch let error as ConfigError {
            // A service's own variables are read while it builds its parts: same exit as for the common ones.
            FileHandle.standardError.write(Data("\(service): \(error)\n".utf8))
            exit(78)  // EX_CONFIG
        } catch {
            logger.critical("service failed", metadata: ["error": "\(error)"])
            exit(1)
        }
    }

    /// Retries `body` while the database cannot be reached, with exponential backoff up to `timeout`.
    static func retryUntilReachable<T: Sendable>(timeout: Duration, logger: Logger,
                                                 _ body: @Sendable () async throws -> T) async throws -> T
    {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var delay = Duration.milliseconds(100)
        while true {
            do {
                return try await body()
            } catch let error as DatabaseError where error.isConnectionFailure && clock.now < deadline {
                logger.warning("database not reachable yet, retrying", metadata: ["error": "\(error)"])
                try await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(5))
            }
        }
    }
}

struct BrokerNotConnected: Error, CustomStringConvertible {
    var description: String { "not connected to RabbitMQ" }
}
