import Database
import Foundation
import Logging
import Testing
import TestSupport

@Suite struct MigratorTests {
    static let migrations = [
        Migration(version: 1, name: "create_apartments", sql: """
            CREATE TABLE apartments (id int8 PRIMARY KEY, title text NOT NULL);
            CREATE TABLE audit (note text NOT NULL);
            """),
        Migration(version: 2, name: "add_city", sql: """
            ALTER TABLE apartments ADD COLUMN city text NOT NULL DEFAULT 'Астана';
            INSERT INTO audit VALUES ('2 applied');
            """),
        Migration(version: 3, name: "seed", sql: """
            INSERT INTO apartments (id, title) VALUES (1, 'Студия');
            INSERT INTO audit VALUES ('3 applied');
            """),
    ]

    var logger: Logger {
        var logger = Logger(label: "tests.migrator")
        logger.logLevel = .warning
        return logger
    }

    @Test func appliesMigrationsInOrderAndRecordsThem() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "catalog", poolSize: 2)
            let migrator = Migrator(pool: pool, schema: "catalog", logger: logger)
            #expect(try await migrator.migrate(Self.migrations) == 3)

            let rows = try await pool.query("""
                SELECT component, version, name, checksum, applied_at FROM catalog.schema_migrations ORDER BY version
                """)
            #expect(try rows.map { try $0.decode("version", as: Int.self) } == [1, 2, 3])
            #expect(try rows.map { try $0.decode("component", as: String.self) } == ["service", "service", "service"])
            #expect(try rows.map { try $0.decode("name", as: String.self) } == Self.migrations.map(\.name))
            #expect(try rows.map { try $0.decode("checksum", as: String.self) } == Self.migrations.map(\.checksum))
            let city = try await pool.query("SELECT city FROM apartments WHERE id = 1")
            #expect(try city[0].decode("city", as: String.self) == "Астана")
        }
    }

    @Test func rerunningAppliesNothingNew() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "catalog", poolSize: 1)
            let migrator = Migrator(pool: pool, schema: "catalog", logger: logger)
            #expect(try await migrator.migrate(Array(Self.migrations.prefix(2))) == 2)
            #expect(try await migrator.migrate(Self.migrations) == 3)
            #expect(try await migrator.migrate(Self.migrations) == 3)
            #expect(try await pool.count("audit") == 2)
            #expect(try await pool.count("schema_migrations") == 3)
        }
    }

    @Test func racingMigratorsApplyEachMigrationOnce() async throws {
        try await withTestDatabase { database in
            let configuration = try await database.makeServiceConfiguration(schema: "race", poolSize: 1)
            let pools = (0..<4).map { _ in database.makePool(configuration: configuration) }
            let versions = try await withThrowingTaskGroup(of: Int.self) { group in
                for pool in pools {
                    group.addTask {
                        try await Migrator(pool: pool, schema: "race", logger: logger).migrate(Self.migrations)
                    }
                }
                var versions: [Int] = []
                for try await version in group { versions.append(version) }
                return versions
            }
            #expect(versions == [3, 3, 3, 3])
            #expect(try await pools[0].count("audit") == 2)
            #expect(try await pools[0].count("apartments") == 1)
            #expect(try await pools[0].count("schema_migrations") == 3)
        }
    }

    @Test func refusesAnEditedAppliedMigration() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "catalog", poolSize: 1)
            let migrator = Migrator(pool: pool, schema: "catalog", logger: logger)
            try await migrator.migrate(Self.migrations)
            var edited = Self.migrations
            edited[1] = Migration(version: 2, name: "add_city", sql: "ALTER TABLE apartments ADD COLUMN city text;")
            edited.append(Migration(version: 4, name: "more", sql: "CREATE TABLE more (id int);"))
            let error = try await #require(throws: DatabaseError.self) { try await migrator.migrate(edited) }
            #expect(error.kind == .migration)
            #expect(error.message.contains("0002_add_city"))
            #expect(error.message.contains("edited"))
            // Nothing after the refusal was applied, and the lock was released.
            #expect(try await pool.count("schema_migrations") == 3)
            #expect(try await migrator.migrate(Self.migrations) == 3)
        }
    }

    @Test func componentsKeepTheirOwnVersions() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "booking", poolSize: 1)
            let migrator = Migrator(pool: pool, schema: "booking", logger: logger)
            let messaging = [
                Migration(version: 1, name: "create_outbox", sql: "CREATE TABLE outbox (id uuid PRIMARY KEY);"),
                Migration(version: 2, name: "create_inbox", sql: "CREATE TABLE inbox (id uuid PRIMARY KEY);"),
            ]
            #expect(try await migrator.migrate(messaging, component: "messaging") == 2)
            #expect(try await migrator.migrate(Array(Self.migrations.prefix(1))) == 1)
            #expect(try await migrator.migrate(Self.migrations, component: "service") == 3)
            #expect(try await migrator.migrate(messaging, component: "messaging") == 2)
            #expect(try await migrator.migrate([], component: "nothing") == 0)
            #expect(try await pool.count("schema_migrations") == 5)
        }
    }

    @Test func aFailingMigrationIsRolledBackAndNamed() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "catalog", poolSize: 1)
            let migrator = Migrator(pool: pool, schema: "catalog", logger: logger)
            let broken = Array(Self.migrations.prefix(1)) + [
                Migration(version: 2, name: "half_broken", sql: """
                    CREATE TABLE extra (id int);
                    INSERT INTO nowhere VALUES (1);
                    """),
            ]
            let error = try await #require(throws: DatabaseError.self) { try await migrator.migrate(broken) }
            #expect(error.kind == .migration)
            #expect(error.sqlState == "42P01")
            #expect(error.message.contains("0002_half_broken"))
            #expect(try await pool.count("schema_migrations") == 1)
            let extra = try await pool.query("SELECT to_regclass('catalog.extra') IS NULL AS missing")
            #expect(try extra[0].decode("missing", as: Bool.self))
        }
    }

    @Test func migrationsRunInTheMigratorsSchemaWhateverThePoolsSearchPath() async throws {
        try await withTestDatabase { database in
            _ = try await database.makeServicePool(schema: "payments", poolSize: 1)
            // The admin pool has no search_path for the schema; the migrator sets it per migration.
            let migrator = Migrator(pool: database.adminPool, schema: "payments", logger: logger)
            try await migrator.migrate(Array(Self.migrations.prefix(1)))
            let found = try await database.adminPool.query("SELECT to_regclass('payments.apartments') IS NOT NULL AS found")
            #expect(try found[0].decode("found", as: Bool.self))
        }
    }
}
