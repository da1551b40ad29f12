import Contracts
import Database
import Foundation
import Messaging

/// What every service reads from its environment, parsed once at start.
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `ZHILYEGO_ENV` | development, test or production | development |
/// | `DATABASE_URL` | postgres://role:password@host:port/db, the service's own role (secret) | required |
/// | `DB_POOL_SIZE` | connections (each on its own thread) | 4 |
/// | `AMQP_URL` | amqp://user:password@host:port/vhost (secret) | required |
/// | `AMQP_PREFETCH` | unacknowledged deliveries per consumer | 50 |
/// | `AMQP_CONSUMERS` | consumer connections per queue | 2 |
/// | `AMQP_REQUEST_CONCURRENCY` | RPC handlers one consumer runs at once (events and commands stay in order) | 16 |
/// | `RPC_TIMEOUT` | default RPC timeout | 5s |
/// | `HTTP_HOST`, `HTTP_PORT` | where /healthz, /readyz, /metrics (and the service's own routes) listen | 127.0.0.1, per service |
/// | `OUTBOX_POLL_INTERVAL` | how often the outbox relay looks for rows committed by other instances | 500ms |
/// | `OUTBOX_BATCH_SIZE` | rows published per relay transaction | 200 |
/// | `LOG_LEVEL` | trace … critical | info |
public struct ServiceConfiguration: Sendable {
    public var service: ServiceName
    public var environment: DeploymentEnvironment
    public var instanceId: UUID
    public var version: String
    public var httpHost: String
    public var httpPort: Int
    public var database: DatabaseConfiguration
    public var bus: BusConfiguration
    public var outbox: OutboxRelayConfiguration
    /// The whole environment, for the service's own variables (read through `reader`).
    public var reader: ConfigReader

    public static let version = "0.1.0"

    public static func load(service: ServiceName, defaultPort: Int,
                            reader: ConfigReader = ConfigReader()) throws -> ServiceConfiguration
    {
        let environment = try reader.oneOf("ZHILYEGO_ENV", default: DeploymentEnvironment.development)
        var database = DatabaseConfiguration(url: try reader.url("DATABASE_URL", schemes: ["postgres", "postgresql"]))
        database.poolSize = try reader.int("DB_POOL_SIZE", default: 4, range: 1...64)
        database.applicationName = service.rawValue
        database.searchPath = service.rawValue
        let amqpURL = try reader.url("AMQP_URL", schemes: ["amqp"])
        var bus: BusConfiguration
        do {
            bus = try BusConfiguration(url: amqpURL, service: service)
        } catch {
            throw ConfigError.malformed("AMQP_URL", expected: "amqp://user:password@host:port/vhost", value: nil)
        }
        bus.prefetch = try reader.int("AMQP_PREFETCH", default: 50, range: 1...10_000)
        bus.consumersPerQueue = try reader.int("AMQP_CONSUMERS", default: 2, range: 1...64)
        bus.requestConcurrency = try reader.int("AMQP_REQUEST_CONCURRENCY", default: 16, range: 1...1000)
        bus.rpcTimeout = try reader.duration("RPC_TIMEOUT", default: .seconds(5))
        var outbox = OutboxRelayConfiguration()
        outbox.pollInterval = try reader.duration("OUTBOX_POLL_INTERVAL", default: .milliseconds(500))
        outbox.batchSize = try reader.int("OUTBOX_BATCH_SIZE", default: 200, range: 1...10_000)
        return ServiceConfiguration(
            service: service, environment: environment, instanceId: UUID(), version: version,
            httpHost: reader.string("HTTP_HOST", default: "127.0.0.1"),
            httpPort: try reader.int("HTTP_PORT", default: defaultPort, range: 0...65535),
            database: database, bus: bus, outbox: outbox, reader: reader)
    }
}
