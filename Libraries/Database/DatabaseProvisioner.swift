import Logging

/// Creates databases, service roles and schemas with an administrative pool (a role with CREATEDB and
/// CREATEROLE). Used by operations tooling and tests; services themselves never provision.
///
/// Names are restricted to lowercase letters, digits and `_` (starting with a letter or `_`, at most 63
/// bytes) and are always quoted; passwords are quoted server-side with `format('%L')`.
public struct DatabaseProvisioner: Sendable {
    public let pool: DatabasePool
    private let logger: Logger

    public init(pool: DatabasePool, logger: Logger = Logger(label: "database.provisioner")) {
        self.pool = pool
        self.logger = logger
    }

    /// Creates the database unless it exists (owned by the pool's role).
    public func createDatabaseIfMissing(_ name: String) async throws {
        try Self.validate(name, what: "database")
        let existing = try await pool.query("SELECT 1 FROM pg_database WHERE datname = \(name)")
        guard existing.isEmpty else { return }
        do {
            try await pool.execute("CREATE DATABASE \(identifier: name)")
            logger.info("Created database", metadata: ["db.name": "\(name)"])
        } catch let error as DatabaseError where error.sqlState == "42P04" {
            // Created concurrently by someone else: fine.
        }
    }

    /// Drops the database if it exists, disconnecting its sessions (`WITH (FORCE)`).
    public func dropDatabase(_ name: String) async throws {
        try Self.validate(name, what: "database")
        try await pool.execute("DROP DATABASE IF EXISTS \(identifier: name) WITH (FORCE)")
    }

    /// Drops the role if it exists (drop the databases holding its objects first).
    public func dropRole(_ name: String) async throws {
        try Self.validate(name, what: "role")
        try await pool.execute("DROP ROLE IF EXISTS \(identifier: name)")
    }

    /// Installs an extension (such as `btree_gist` for exclusion constraints) in the pool's database, in `schema`
    /// when given (else the first schema of the pool role's search path). A trusted extension only needs the
    /// database owner (or CREATE on the database), not a superuser.
    public func createExtensionIfMissing(_ name: String, schema: String? = nil) async throws {
        try Self.validate(name, what: "extension")
        if let schema { try Self.validate(schema, what: "schema") }
        try await pool.withTransaction { transaction in
            try await transaction.execute("SELECT pg_advisory_xact_lock(\(Self.provisioningLockKey))")
            if let schema {
                try await transaction.execute(
                    "CREATE EXTENSION IF NOT EXISTS \(identifier: name) WITH SCHEMA \(identifier: schema)")
            } else {
                try await transaction.execute("CREATE EXTENSION IF NOT EXISTS \(identifier: name)")
            }
        }
    }

    /// The extensions the services' migrations rely on, created by provisioning as the database owner because
    /// service roles may not create extensions: `btree_gist` (booking's exclusion constraint over
    /// `(apartment_id WITH =, period WITH &&)`), in schema `public`, which every role can use.
    public static let serviceExtensions = ["btree_gist"]

    /// Creates ``serviceExtensions`` in schema `public` (idempotent).
    public func createServiceExtensions() async throws {
        for name in Self.serviceExtensions {
            try await createExtensionIfMissing(name, schema: "public")
        }
        logger.info("Service extensions present", metadata: ["db.extensions": "\(Self.serviceExtensions.joined(separator: ","))"])
    }

    /// Idempotently sets up a service in the pool's database: a LOGIN role (NOINHERIT, no superuser,
    /// no CREATEDB/CREATEROLE) with `password` (updated if the role exists), a schema owned by that
    /// role and its default `search_path`, CREATE on `public` and on the database revoked from PUBLIC,
    /// and any privileges of the role on other schemas revoked — so the role can use only its own schema.
    public func provisionService(schema: String, role: String, password: String) async throws {
        try Self.validate(schema, what: "schema")
        try Self.validate(role, what: "role")
        guard !password.isEmpty else {
            throw DatabaseError(kind: .configuration, message: "the password of role \(role) is empty")
        }
        try await pool.withTransaction { transaction in
            // Serialise provisioning: concurrent CREATE ROLE / CREATE SCHEMA of the same names would fail.
            try await transaction.execute("SELECT pg_advisory_xact_lock(\(Self.provisioningLockKey))")
            let exists = try await !transaction.query("SELECT 1 FROM pg_roles WHERE rolname = \(role)").isEmpty
            // Only a superuser may even mention SUPERUSER in ALTER ROLE; CREATE ROLE states it explicitly.
            let template = exists
                ? "ALTER ROLE %I WITH LOGIN NOINHERIT NOCREATEDB NOCREATEROLE PASSWORD %L"
                : "CREATE ROLE %I WITH LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD %L"
            let statement = try await transaction.query("""
                SELECT format(\(template)::text, \(role)::text, \(password)::text) AS statement
                """)[0].decode("statement", as: String.self)
            try await transaction.execute(SQL(unsafeRaw: statement))
            // A non-superuser can only create a schema owned by a role it is a member of.
            try await transaction.execute("GRANT \(identifier: role) TO CURRENT_USER")
            try await transaction.execute("CREATE SCHEMA IF NOT EXISTS \(identifier: schema) AUTHORIZATION \(identifier: role)")
            try await transaction.execute("ALTER SCHEMA \(identifier: schema) OWNER TO \(identifier: role)")
            try await transaction.execute("REVOKE ALL ON SCHEMA \(identifier: schema) FROM PUBLIC")
            try await transaction.execute("ALTER ROLE \(identifier: role) SET search_path TO \(identifier: schema)")

            let database = try await transaction.query("SELECT current_database() AS name")[0]
                .decode("name", as: String.self)
            // Only effective when the pool's role owns the database / the public schema (PostgreSQL
            // just warns otherwise).
            try await transaction.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
            try await transaction.execute("REVOKE CREATE ON DATABASE \(identifier: database) FROM PUBLIC")
            try await transaction.execute("GRANT CONNECT ON DATABASE \(identifier: database) TO \(identifier: role)")

            let otherSchemas = try await transaction.query("""
                SELECT nspname FROM pg_namespace
                WHERE nspname <> \(schema) AND nspname <> 'public' AND nspname <> 'information_schema'
                  AND nspname NOT LIKE 'pg\\_%'
                  AND nspowner <> (SELECT oid FROM pg_roles WHERE rolname = \(role))
                  AND has_schema_privilege(\(role)::text, oid, 'USAGE')
                """)
            for row in otherSchemas {
                let other = try row.decode("nspname", as: String.self)
                try await transaction.execute("REVOKE ALL ON SCHEMA \(identifier: other) FROM \(identifier: role)")
            }
        }
        logger.info("Provisioned service schema", metadata: ["db.schema": "\(schema)", "db.role": "\(role)"])
    }

    static let provisioningLockKey: Int64 = 0x5A47_5052_4F56 // "ZGPROV"

    private static func validate(_ name: String, what: String) throws(DatabaseError) {
        let valid = !name.isEmpty && name.utf8.count <= 63
            && name.utf8.allSatisfy { byte in
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || byte == UInt8(ascii: "_")
            }
            && !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(name.utf8.first!)
        guard valid else {
            throw DatabaseError(kind: .configuration, message: """
                invalid \(what) name "\(name)": use lowercase letters, digits and '_' (starting with a \
                letter or '_'), at most 63 bytes
                """)
        }
    }
}
