import Database
import Foundation
import HTTPClient
import Logging

/// A scratch PostgreSQL database with a provisioned `notifier` role, and a scratch RabbitMQ vhost, both removed by
/// ``remove()``. Nothing of the running system (`./zg up`) is touched.
struct ScratchEnvironment: Sendable {
    let databaseName: String
    let role: String
    /// `DATABASE_URL` for the notifier (its own role on the scratch database). Contains a password: never print it.
    let notifierDatabaseURL: String
    let virtualHost: String
    /// `AMQP_URL` on the scratch vhost. Contains a password: never print it.
    let amqpURL: String
    private let adminURL: String
    private let management: RabbitManagement
    private let logger: Logger

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func create(_ settings: BenchmarkSettings, http: HTTPClient, logger: Logger) async throws
        -> ScratchEnvironment
    {
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()
        let name = "zgb_notifier_\(suffix)"
        let role = "zgb_notifier_\(suffix)"
        let password = "pw" + UUID().uuidString.replacingOccurrences(of: "-", with: "")
        let server = DatabaseConfiguration(url: settings.adminURL, poolSize: 1,
                                           applicationName: "zhilyego-notifier-benchmark")
        let serverPool = DatabasePool(configuration: server, logger: logger)
        try await DatabaseProvisioner(pool: serverPool, logger: logger).createDatabaseIfMissing(name)
        await serverPool.shutdown()

        var scratch = try server.replacingURL(database: name)
        scratch.poolSize = 1
        let scratchPool = DatabasePool(configuration: scratch, logger: logger)
        let provisioner = DatabaseProvisioner(pool: scratchPool, logger: logger)
        do {
            try await provisioner.createServiceExtensions()
            try await provisioner.provisionService(schema: "notifier", role: role, password: password)
        } catch {
            await scratchPool.shutdown()
            throw error
        }
        await scratchPool.shutdown()
        let notifierURL = try scratch.replacingURL(user: role, password: password).url

        guard var components = URLComponents(string: settings.amqpURL), let user = components.user,
              let amqpPassword = components.password
        else { throw Failure(description: "the AMQP URL must be amqp://user:password@host:port/") }
        let virtualHost = "zgb-notifier-\(suffix)"
        components.percentEncodedPath = "/" + virtualHost
        guard let amqpURL = components.string else { throw Failure(description: "cannot build the scratch AMQP URL") }
        let management = RabbitManagement(baseURL: settings.managementURL, user: user, password: amqpPassword,
                                          http: http)
        try await management.createVirtualHost(virtualHost)
        return ScratchEnvironment(databaseName: name, role: role, notifierDatabaseURL: notifierURL,
                                  virtualHost: virtualHost, amqpURL: amqpURL, adminURL: settings.adminURL,
                                  management: management, logger: logger)
    }

    /// Messages waiting in a queue of the scratch vhost (RabbitMQ's management API; refreshed every few seconds).
    func queueDepth(_ queue: String) async throws -> Int? {
        try await management.queueDepth(virtualHost: virtualHost, queue: queue)
    }

    /// Drops the database, the role and the vhost.
    func remove() async {
        let server = DatabaseConfiguration(url: adminURL, poolSize: 1, applicationName: "zhilyego-notifier-benchmark")
        let pool = DatabasePool(configuration: server, logger: logger)
        let provisioner = DatabaseProvisioner(pool: pool, logger: logger)
        do {
            try await provisioner.dropDatabase(databaseName)
            try await provisioner.dropRole(role)
        } catch {
            logger.error("could not drop the scratch database", metadata: ["database": "\(databaseName)",
                                                                           "error": "\(error)"])
        }
        await pool.shutdown()
        do {
            try await management.deleteVirtualHost(virtualHost)
        } catch {
            logger.error("could not delete the scratch vhost", metadata: ["vhost": "\(virtualHost)",
                                                                         "error": "\(error)"])
        }
    }
}
