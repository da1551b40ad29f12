import Database
import Foundation
import Testing
import TestSupport

@Suite struct DatabaseProvisionerTests {
    @Test func aServiceRoleCannotReadAnotherServicesSchema() async throws {
        try await withTestDatabase { database in
            let payments = try await database.makeServicePool(schema: "payments", poolSize: 1)
            let booking = try await database.makeServicePool(schema: "booking", poolSize: 1)
            try await payments.execute("CREATE TABLE secrets (token text)")
            try await payments.execute("INSERT INTO secrets VALUES ('kaspi')")

            let read = try await #require(throws: DatabaseError.self) {
                try await booking.query("SELECT * FROM payments.secrets")
            }
            #expect(read.isPermissionDenied)
            let write = try await #require(throws: DatabaseError.self) {
                try await booking.execute("CREATE TABLE payments.intruder (id int)")
            }
            #expect(write.isPermissionDenied)
            let publicSchema = try await #require(throws: DatabaseError.self) {
                try await booking.execute("CREATE TABLE public.intruder (id int)")
            }
            #expect(publicSchema.isPermissionDenied)
            let newSchema = try await #require(throws: DatabaseError.self) {
                try await booking.execute("CREATE SCHEMA intruder")
            }
            #expect(newSchema.isPermissionDenied)

            // Its own schema works, unqualified thanks to search_path.
            try await booking.execute("CREATE TABLE bookings (id int)")
            try await booking.execute("INSERT INTO bookings VALUES (1)")
            #expect(try await booking.count("bookings") == 1)
            let path = try await booking.query("SHOW search_path")
            #expect(try path[0].decode(0, as: String.self) == "booking")
        }
    }

    @Test func serviceRolesHaveNoSpecialPowers() async throws {
        try await withTestDatabase { database in
            _ = try await database.makeServicePool(schema: "catalog", poolSize: 1)
            let role = database.roleName(forSchema: "catalog")
            let rows = try await database.adminPool.query("""
                SELECT rolsuper, rolinherit, rolcreatedb, rolcreaterole, rolcanlogin, rolreplication
                FROM pg_roles WHERE rolname = \(role)
                """)
            let row = try #require(rows.first)
            #expect(try row.decode("rolsuper", as: Bool.self) == false)
            #expect(try row.decode("rolinherit", as: Bool.self) == false)
            #expect(try row.decode("rolcreatedb", as: Bool.self) == false)
            #expect(try row.decode("rolcreaterole", as: Bool.self) == false)
            #expect(try row.decode("rolreplication", as: Bool.self) == false)
            #expect(try row.decode("rolcanlogin", as: Bool.self) == true)
            let owner = try await database.adminPool.query("""
                SELECT pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = 'catalog'
                """)
            #expect(try owner[0].decode("owner", as: String.self) == role)
        }
    }

    @Test func provisioningAgainIsIdempotentAndRotatesThePassword() async throws {
        try await withTestDatabase { database in
            let old = try await database.makeServiceConfiguration(schema: "notifier", poolSize: 1)
            let oldPool = database.makePool(configuration: old)
            try await oldPool.execute("CREATE TABLE kept (id int)")
            await oldPool.shutdown()

            let role = database.roleName(forSchema: "notifier")
            let password = "new 'pass' \\ word; DROP ROLE x; --"
            try await database.provisioner.provisionService(schema: "notifier", role: role, password: password)
            try await database.provisioner.provisionService(schema: "notifier", role: role, password: password)

            let fresh = database.makePool(configuration: try old.replacingURL(password: password))
            #expect(try await fresh.count("kept") == 0)
            let stale = database.makePool(configuration: old)
            let error = try await #require(throws: DatabaseError.self) { try await stale.ping() }
            #expect(error.isConnectionFailure)
            #expect(!error.description.contains(password))
        }
    }

    @Test func refusesUnsafeNames() async throws {
        try await withTestDatabase { database in
            for name in ["Upper", "with space", "semi;colon", "", "1starts_with_digit", "quote\"d"] {
                await #expect(throws: DatabaseError.self) {
                    try await database.provisioner.provisionService(schema: name, role: "zgt_x", password: "pw")
                }
                await #expect(throws: DatabaseError.self) {
                    try await database.provisioner.createDatabaseIfMissing(name)
                }
            }
        }
    }

    @Test func createsAndDropsDatabases() async throws {
        try await withTestDatabase { database in
            let name = "\(database.name)_extra"
            try await database.provisioner.createDatabaseIfMissing(name)
            try await database.provisioner.createDatabaseIfMissing(name)
            let exists = try await database.adminPool.query("SELECT 1 FROM pg_database WHERE datname = \(name)")
            #expect(exists.count == 1)
            try await database.provisioner.dropDatabase(name)
            try await database.provisioner.dropDatabase(name)
            let gone = try await database.adminPool.query("SELECT 1 FROM pg_database WHERE datname = \(name)")
            #expect(gone.isEmpty)
        }
    }
}
