import Database
import Foundation
import Testing
import TestSupport

@Suite struct ConstraintErrorTests {
    @Test func uniqueViolationsAreRecognised() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "constraints", poolSize: 1)
            try await pool.execute("CREATE TABLE guests (phone text CONSTRAINT guests_phone_key UNIQUE)")
            try await pool.execute("INSERT INTO guests VALUES (\("+77010000000"))")
            let error = try await #require(throws: DatabaseError.self) {
                try await pool.execute("INSERT INTO guests VALUES (\("+77010000000"))")
            }
            #expect(error.isUniqueViolation)
            #expect(!error.isExclusionViolation)
            #expect(!error.isConnectionFailure)
            #expect(error.kind == .server)
            #expect(error.sqlState == "23505")
            #expect(error.constraint == "guests_phone_key")
            #expect(error.table == "guests")
            // The detail names the value; the description does not.
            #expect(error.detail?.contains("+77010000000") == true)
            #expect(!error.description.contains("+77010000000"))
        }
    }

    @Test func exclusionViolationsRejectOverlappingStays() async throws {
        try await withTestDatabase { database in
            try await database.provisioner.createExtensionIfMissing("btree_gist")
            let pool = try await database.makeServicePool(schema: "bookings", poolSize: 1)
            try await pool.execute("""
                CREATE TABLE stays (
                    apartment_id int8 NOT NULL,
                    during daterange NOT NULL,
                    CONSTRAINT stays_no_overlap EXCLUDE USING gist (apartment_id WITH =, during WITH &&)
                )
                """)
            try await pool.execute("INSERT INTO stays VALUES (\(1), daterange(\("2025-06-01"), \("2025-06-05")))")
            try await pool.execute("INSERT INTO stays VALUES (\(2), daterange(\("2025-06-01"), \("2025-06-05")))")
            try await pool.execute("INSERT INTO stays VALUES (\(1), daterange(\("2025-06-05"), \("2025-06-07")))")
            let error = try await #require(throws: DatabaseError.self) {
                try await pool.execute("INSERT INTO stays VALUES (\(1), daterange(\("2025-06-04"), \("2025-06-06")))")
            }
            #expect(error.isExclusionViolation)
            #expect(error.constraint == "stays_no_overlap")
        }
    }

    @Test func foreignKeyAndPermissionErrorsAreRecognised() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "fk", poolSize: 1)
            try await pool.execute("CREATE TABLE parents (id int PRIMARY KEY)")
            try await pool.execute("CREATE TABLE children (parent_id int REFERENCES parents (id))")
            let foreignKey = try await #require(throws: DatabaseError.self) {
                try await pool.execute("INSERT INTO children VALUES (\(Int32(1)))")
            }
            #expect(foreignKey.isForeignKeyViolation)
            let syntax = try await #require(throws: DatabaseError.self) { try await pool.execute("SELEC 1") }
            #expect(syntax.sqlState == "42601")
            #expect(syntax.kind == .server)
        }
    }
}
