import Database
import Foundation
import Logging

/// A fresh PostgreSQL database for one test, created from `ZG_TEST_PG_ADMIN_URL` and dropped afterwards
/// (also when the test fails), together with the service roles made for it.
///
/// ```swift
/// try await withTestDatabase { database in
///     let pool = try await database.makeServicePool(schema: "booking")
///     try await pool.execute("CREATE TABLE things (id int)")
/// }
/// ```
public func withTestDatabase<T: Sendable>(
    isolation: isolated (any Actor)? = #isolation,
    _ body: (TestDatabase) async throws -> T
) async throws -> T {
    let adminURL = try TestEnvironment.require("ZG_TEST_PG_ADMIN_URL")
    await TestDatabaseLimiter.shared.acquire()
    do {
        let result = try await runWithTestDatabase(adminURL: adminURL, body)
        await TestDatabaseLimiter.shared.release()
        return result
    } catch {
        await TestDatabaseLimiter.shared.release()
        throw error
    }
}

private func runWithTestDatabase<T: Sendable>(
    isolation: isolated (any Actor)? = #isolation,
    adminURL: String,
    _ body: (TestDatabase) async throws -> T
) async throws -> T {
    let logger = TestDatabase.makeLogger()
    let suffix = TestDatabase.randomSuffix()
    let name = "zgt_\(suffix)"
    let serverConfiguration = DatabaseConfiguration(url: adminURL, poolSize: 1, applicationName: "zhilyego-tests")
    let serverPool = DatabasePool(configuration: serverConfiguration, logger: logger)
    let serverProvisioner = DatabaseProvisioner(pool: serverPool, logger: logger)

    let database: TestDatabase
    do {
        try await serverProvisioner.createDatabaseIfMissing(name)
        database = try TestDatabase(name: name, suffix: suffix, serverConfiguration: serverConfiguration,
                                    logger: logger)
    } catch {
        _ = try? await serverProvisioner.dropDatabase(name)
        await serverPool.shutdown()
        throw error
    }

    let outcome: Result<T, any Error>
    do {
        outcome = .success(try await body(database))
    } catch {
        outcome = .failure(error)
    }

    var cleanupError: (any Error)?
    let roles = await database.close()
    do {
        try await retryingConnectionFailures { try await serverProvisioner.dropDatabase(name) }
        for role in roles {
            try await retryingConnectionFailures { try await serverProvisioner.dropRole(role) }
        }
    } catch {
        cleanupError = error
    }
    await serverPool.shutdown()
    let value = try outcome.get()
    if let cleanupError { throw cleanupError }
    return value
}

/// Retries `operation` while it fails with connection failures (a Disruptive test may just have
/// restarted the server), for up to a minute.
/// Retries cleanup while the server is restarting (Disruptive suites) — and while `DROP DATABASE … WITH (FORCE)`
/// is refused with 42501 because an autovacuum worker (a superuser backend the test admin may not terminate)
/// happens to be working on the test database; it finishes by itself.
private func retryingConnectionFailures(_ operation: () async throws -> Void) async throws {
    let deadline = ContinuousClock.now + .seconds(60)
    while true {
        do {
            return try await operation()
        } catch let error as DatabaseError
            where (error.isConnectionFailure || error.isPermissionDenied) && ContinuousClock.now < deadline
        {
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

/// One test's database: an admin pool on it and factories for service roles, schemas and pools.
public final class TestDatabase: Sendable {
    /// The database name (`zgt_<random>`).
    public let name: String
    /// Connects as the test admin role to this database.
    public let adminConfiguration: DatabaseConfiguration
    /// A pool on this database as the test admin role (CREATEDB, CREATEROLE; owner of the database).
    public let adminPool: DatabasePool
    /// Provisions roles, schemas and extensions in this database.
    public let provisioner: DatabaseProvisioner
    private let suffix: String
    private let logger: Logger
    private let resources = TestResources()

    init(name: String, suffix: String, serverConfiguration: DatabaseConfiguration, logger: Logger) throws {
        self.name = name
        self.suffix = suffix
        self.logger = logger
        var adminConfiguration = try serverConfiguration.replacingURL(database: name)
        adminConfiguration.poolSize = 2
        self.adminConfiguration = adminConfiguration
        adminPool = DatabasePool(configuration: adminConfiguration, logger: logger)
        provisioner = DatabaseProvisioner(pool: adminPool, logger: logger)
    }

    /// The role name `makeServiceConfiguration(schema:)` uses for `schema`: `zgt_<random>_<schema>`.
    public func roleName(forSchema schema: String) -> String {
        String("zgt_\(suffix)_\(schema)".prefix(63))
    }

    /// Provisions a fresh role and `schema` (see `DatabaseProvisioner.provisionService`; the service extensions
    /// such as btree_gist are created first, like production provisioning does) and returns a
    /// configuration connecting as that role with `search_path` = `schema`.
    public func makeServiceConfiguration(schema: String, poolSize: Int = 4) async throws -> DatabaseConfiguration {
        let role = roleName(forSchema: schema)
        let password = "pw-" + TestDatabase.randomSuffix() + TestDatabase.randomSuffix()
        resources.add(role: role)
        // As `zhilyego-ops provision` does: the extensions service migrations need (btree_gist), owner-created.
        try await provisioner.createServiceExtensions()
        try await provisioner.provisionService(schema: schema, role: role, password: password)
        var configuration = try adminConfiguration.replacingURL(user: role, password: password)
        configuration.poolSize = poolSize
        configuration.applicationName = "zhilyego-tests-\(schema)"
        configuration.searchPath = schema
        return configuration
    }

    /// Provisions a fresh role and `schema` and returns the URL connecting as that role (for a
    /// service process's `DATABASE_URL`; the service sets its own `search_path`).
    public func provisionServiceRole(schema: String) async throws -> String {
        try await makeServiceConfiguration(schema: schema).url
    }

    /// Provisions a fresh role and `schema` and returns a pool connecting as that role
    /// (`search_path` = `schema`); it is shut down when the test database is dropped.
    public func makeServicePool(schema: String, poolSize: Int = 4) async throws -> DatabasePool {
        let configuration = try await makeServiceConfiguration(schema: schema, poolSize: poolSize)
        return makePool(configuration: configuration)
    }

    /// A pool for any configuration (e.g. a tweaked one from `makeServiceConfiguration`), shut down
    /// when the test database is dropped.
    public func makePool(configuration: DatabaseConfiguration) -> DatabasePool {
        let pool = DatabasePool(configuration: configuration, logger: logger)
        resources.add(pool: pool)
        return pool
    }

    /// Shuts every pool down and returns the roles to drop.
    func close() async -> [String] {
        let (pools, roles) = resources.take()
        for pool in pools { await pool.shutdown() }
        await adminPool.shutdown()
        return roles
    }

    static func makeLogger() -> Logger {
        var logger = Logger(label: "tests.database")
        logger.logLevel = .warning
        return logger
    }

    static func randomSuffix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<10).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
    }
}

/// Pools and roles a `TestDatabase` created. `@unchecked Sendable`: both arrays are only accessed while
/// holding `lock`.
private final class TestResources: @unchecked Sendable {
    private let lock = NSLock()
    private var pools: [DatabasePool] = []
    private var roles: [String] = []

    func add(pool: DatabasePool) {
        lock.withLock { pools.append(pool) }
    }

    func add(role: String) {
        lock.withLock { if !roles.contains(role) { roles.append(role) } }
    }

    func take() -> ([DatabasePool], [String]) {
        lock.withLock {
            defer {
                pools = []
                roles = []
            }
            return (pools, roles)
        }
    }
}

/// Limits how many test databases exist at once, so parallel tests stay below the server's
/// `max_connections` (other suites share the server).
actor TestDatabaseLimiter {
    static let shared = TestDatabaseLimiter(limit: 6)

    private let limit: Int
    private var inUse = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) {
        self.limit = limit
    }

    func acquire() async {
        if inUse < limit {
            inUse += 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            inUse -= 1
        } else {
            waiters.removeFirst().resume()
        }
    }
}
