import Database
import Foundation
import TestSupport
import Testing

/// btree_gist comes from provisioning (as the database owner), and the booking role can use it without being
/// allowed to create extensions itself.
@Suite struct ProvisioningTests {
    @Test func provisioningCreatesBtreeGistInPublicForTheServiceRoles() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "booking", poolSize: 1)
            let row = try #require(try await database.adminPool.queryFirst("""
                SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
                WHERE e.extname = 'btree_gist'
                """))
            #expect(try row.decode("nspname", as: String.self) == "public")
            // Idempotent.
            try await database.provisioner.createServiceExtensions()

            // The service role cannot create extensions…
            let refused = try await #require(throws: DatabaseError.self) {
                try await pool.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            }
            #expect(refused.isPermissionDenied)
            // …but can declare a uuid exclusion constraint with the provisioned one.
            try await pool.execute("""
                CREATE TABLE periods (apartment_id uuid NOT NULL, period tstzrange NOT NULL,
                    EXCLUDE USING gist (apartment_id WITH =, period WITH &&))
                """)
            let apartment = UUID()
            try await pool.execute("""
                INSERT INTO periods VALUES (\(apartment), tstzrange('2026-12-01', '2026-12-03', '[)'))
                """)
            let overlap = try await #require(throws: DatabaseError.self) {
                try await pool.execute("""
                    INSERT INTO periods VALUES (\(apartment), tstzrange('2026-12-02', '2026-12-04', '[)'))
                    """)
            }
            #expect(overlap.isExclusionViolation)
        }
    }
}
