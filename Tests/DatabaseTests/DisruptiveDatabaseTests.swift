import Database
import Foundation
import Testing
import TestSupport

/// Restarts the shared PostgreSQL server: run separately and serially by the test script.
@Suite(.serialized) struct DisruptiveDatabaseTests {
    @Test func poolReconnectsAfterTheServerRestarts() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "restart", poolSize: 2)
            try await pool.execute("CREATE TABLE survivors (id int)")
            let before = try await backendPID(pool)

            try await TestEnvironment.control("database", "restart")

            // An idle connection notices that its session died and reconnects before running the
            // statement, so the first use after the restart already succeeds.
            try await pool.execute("INSERT INTO survivors VALUES (1)")
            #expect(try await backendPID(pool) != before)
            #expect(try await pool.count("survivors") == 1)
            let committed = try await pool.withTransaction { transaction in
                try await transaction.execute("INSERT INTO survivors VALUES (2)")
            }
            #expect(committed == 1)
            #expect(try await pool.count("survivors") == 2)
        }
    }

    @Test func aTransactionWhoseConnectionBrokeFailsInsteadOfContinuingElsewhere() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "broken", poolSize: 1)
            try await pool.execute("CREATE TABLE entries (id int)")
            let log = EventLog()
            let error = try await #require(throws: DatabaseError.self) {
                try await pool.withTransaction { transaction in
                    try await transaction.execute("INSERT INTO entries VALUES (1)")
                    transaction.afterCommit { log.record("committed") }
                    try await TestEnvironment.control("database", "restart")
                    _ = try? await transaction.execute("INSERT INTO entries VALUES (2)")
                    try await transaction.execute("INSERT INTO entries VALUES (3)")
                }
            }
            #expect(error.isConnectionFailure)
            #expect(log.all.isEmpty)
            try await eventually { _ = try await pool.count("entries") }
            #expect(try await pool.count("entries") == 0)
        }
    }

    @Test func aStatementOnABrokenConnectionReportsAConnectionFailure() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "lease", poolSize: 1)
            try await pool.withConnection { connection in
                try await connection.execute("SELECT 1")
                try await TestEnvironment.control("database", "restart")
                let error = try await #require(throws: DatabaseError.self) { try await connection.query("SELECT 1") }
                #expect(error.isConnectionFailure)
            }
            try await eventually { try await pool.ping() }
        }
    }

    private func backendPID(_ pool: DatabasePool) async throws -> Int32 {
        try await pool.query("SELECT pg_backend_pid() AS pid")[0].decode("pid", as: Int32.self)
    }

    /// Retries `operation` until it succeeds (generous deadline); every failure must be a connection failure.
    private func eventually<T>(_ operation: () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + .seconds(60)
        while true {
            do {
                return try await operation()
            } catch let error as DatabaseError where error.isConnectionFailure && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }
}
