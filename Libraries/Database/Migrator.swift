import Logging

/// Applies versioned migrations to one schema, recording them in `<schema>.schema_migrations`.
///
/// Runs under a PostgreSQL advisory lock derived from the schema name, held on one leased connection,
/// so several instances starting at once apply each migration exactly once (the others wait, then find
/// nothing pending). Several components (e.g. `messaging` infrastructure tables and the service's own
/// `service` migrations) share the table, each with its own version sequence. The schema itself must
/// already exist (see `DatabaseProvisioner`).
public struct Migrator: Sendable {
    public let pool: DatabasePool
    public let schema: String
    private let logger: Logger

    public init(pool: DatabasePool, schema: String, logger: Logger) {
        self.pool = pool
        self.schema = schema
        self.logger = logger
    }

    /// Applies the pending `migrations` of `component`, each in its own transaction (with
    /// `search_path` set to the schema), and returns the highest applied version (0 when there are none).
    ///
    /// Refuses (throws a `.migration` error before applying anything) when an applied migration's
    /// checksum differs from the given one: applied migrations must never be edited.
    @discardableResult
    public func migrate(_ migrations: [Migration], component: String = "service") async throws -> Int {
        if let problem = SQL.identifierProblem(schema) {
            throw DatabaseError(kind: .migration, message: "schema \"\(schema)\": \(problem)")
        }
        let migrations = migrations.sorted { $0.version < $1.version }
        try Migration.validateSequence(migrations)
        let lockKey = Self.advisoryLockKey(schema: schema)
        var logger = logger
        logger[metadataKey: "db.schema"] = "\(schema)"
        logger[metadataKey: "migration.component"] = "\(component)"

        return try await pool.withConnection { connection in
            try await connection.execute("SELECT pg_advisory_lock(\(lockKey))")
            do {
                let version = try await migrateLocked(migrations, component: component, on: connection, logger: logger)
                try await connection.execute("SELECT pg_advisory_unlock(\(lockKey))")
                return version
            } catch {
                // If the connection broke, the server has released the lock with the session.
                _ = try? await connection.execute("SELECT pg_advisory_unlock(\(lockKey))")
                throw error
            }
        }
    }

    private func migrateLocked(_ migrations: [Migration], component: String,
                               on connection: DatabaseConnection, logger: Logger) async throws -> Int {
        try await connection.execute("""
            CREATE TABLE IF NOT EXISTS \(identifier: schema).schema_migrations (
                component text NOT NULL,
                version integer NOT NULL,
                name text NOT NULL,
                checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (component, version)
            )
            """)
        let rows = try await connection.query("""
            SELECT version, name, checksum FROM \(identifier: schema).schema_migrations
            WHERE component = \(component) ORDER BY version
            """)
        let known = Dictionary(migrations.map { ($0.version, $0) }, uniquingKeysWith: { first, _ in first })
        var highest = 0
        var applied = Set<Int>()
        for row in rows {
            let version = try row.decode("version", as: Int.self)
            let name = try row.decode("name", as: String.self)
            let checksum = try row.decode("checksum", as: String.self)
            applied.insert(version)
            highest = max(highest, version)
            guard let migration = known[version] else {
                logger.warning("An applied migration is unknown to this build", metadata: [
                    "migration.version": "\(version)", "migration.name": "\(name)",
                ])
                continue
            }
            if migration.checksum != checksum {
                throw DatabaseError(kind: .migration, message: """
                    migration \(migration.identifier) of component "\(component)" in schema "\(schema)" was \
                    edited after it was applied (recorded checksum \(checksum.prefix(12))…, the file now has \
                    \(migration.checksum.prefix(12))…); restore it and add a new migration instead
                    """)
            }
        }

        for migration in migrations where !applied.contains(migration.version) {
            do {
                try await connection.withTransaction { transaction in
                    try await transaction.execute("SET LOCAL search_path TO \(identifier: schema)")
                    try await transaction.executeScript(migration.sql)
                    try await transaction.execute("""
                        INSERT INTO \(identifier: schema).schema_migrations (component, version, name, checksum)
                        VALUES (\(component), \(migration.version), \(migration.name), \(migration.checksum))
                        """)
                }
            } catch let error as DatabaseError {
                throw DatabaseError(kind: error.isConnectionFailure ? error.kind : .migration,
                                    message: "migration \(migration.identifier) of component \"\(component)\" failed: \(error.message)",
                                    sqlState: error.sqlState, detail: error.detail, hint: error.hint,
                                    constraint: error.constraint, table: error.table)
            }
            highest = max(highest, migration.version)
            logger.info("Applied migration", metadata: [
                "migration.version": "\(migration.version)", "migration.name": "\(migration.name)",
            ])
        }
        return highest
    }

    /// A stable 64-bit key per schema (FNV-1a), the same in every process.
    static func advisoryLockKey(schema: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "zhilyego.migrations.\(schema)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }
}
