import Contracts
import Database
import Foundation

/// Runs real service executables against a fresh database (every service with its own provisioned role) and
/// a fresh RabbitMQ vhost, on free ports. Everything is removed afterwards.
public struct PlatformHarness: Sendable {
    public let database: TestDatabase
    public let broker: TestBroker
    /// DATABASE_URL per service: its own role, this test's database.
    public let databaseURLs: [ServiceName: String]

    /// The environment a service process gets (no inheritance: every variable is stated).
    public func environment(for service: ServiceName, port: Int,
                            overrides: [String: String] = [:]) -> [String: String]
    {
        var environment = [
            "ZHILYEGO_ENV": "test",
            "DATABASE_URL": databaseURLs[service] ?? "",
            "AMQP_URL": broker.amqpURL,
            "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": "\(port)",
            "LOG_LEVEL": "info",
            "OUTBOX_POLL_INTERVAL": "200ms",
            "DB_POOL_SIZE": "2",
            // A fixed test key (never a real one): the catalog encrypts access codes with it.
            "CODES_ENCRYPTION_KEYS": "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
            // The gateway needs a bot; tests that talk to it override the URL with a running sandbox's.
            // Nothing listens on the discard port, so otherwise it just keeps retrying its long poll.
            "TELEGRAM_BOT_TOKEN": "123456:sandbox-token",
            "TELEGRAM_API_URL": "http://127.0.0.1:9",
            // Payments' Kaspi listener: any free port, so parallel tests never collide on the default 8094;
            // tests that call it pass a port of their own.
            "KASPI_HTTP_PORT": "0",
        ]
        environment.merge(overrides) { _, new in new }
        return environment
    }

    /// Starts `service` and waits until it answers /healthz. An `HTTP_PORT` override chooses the port (a test that
    /// must know it in advance, e.g. for a webhook URL); otherwise a free one is taken.
    public func start(_ service: ServiceName, overrides: [String: String] = [:]) async throws -> ServiceProcess {
        let port = try overrides["HTTP_PORT"].flatMap(Int.init) ?? ServiceProcess.freePort()
        let process = try ServiceProcess(name: service.rawValue, port: port,
                                         environment: environment(for: service, port: port, overrides: overrides))
        try await waitUntil("\(service) answers /healthz", deadline: .seconds(60), diagnostics: { process.log }) {
            guard process.isRunning else { throw ProcessExited(name: service.rawValue, log: process.log) }
            return (try? await HTTPProbe.get("http://127.0.0.1:\(port)/healthz"))?.status == 200
        }
        return process
    }

    /// Fresh database + vhost + one provisioned role per service; all removed after `body`.
    public static func with<T: Sendable>(_ body: (PlatformHarness) async throws -> T) async throws -> T {
        try await withTestDatabase { database in
            try await withTestVirtualHost { broker in
                var urls: [ServiceName: String] = [:]
                for service in ServiceName.all {
                    urls[service] = try await database.provisionServiceRole(schema: service.rawValue)
                }
                return try await body(PlatformHarness(database: database, broker: broker, databaseURLs: urls))
            }
        }
    }
}

public struct ProcessExited: Error, CustomStringConvertible {
    public let name: String
    public let log: String
    public var description: String { "\(name) exited early; its log:\n\(log.suffix(4000))" }
}

