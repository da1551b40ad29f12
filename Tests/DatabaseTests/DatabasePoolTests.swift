import Database
import Foundation
import Logging
import Testing
import TestSupport

@Suite struct DatabasePoolTests {
    @Test func twoConnectionsServeFiftyConcurrentQueries() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "load", poolSize: 2)
            let results = try await withThrowingTaskGroup(of: (Int, Int, Int32).self) { group in
                for index in 0..<50 {
                    group.addTask {
                        let row = try await pool.query("""
                            SELECT \(index) * 2 AS doubled, pg_backend_pid() AS pid FROM pg_sleep(0.01)
                            """)[0]
                        return (index, try row.decode("doubled", as: Int.self), try row.decode("pid", as: Int32.self))
                    }
                }
                var collected: [(Int, Int, Int32)] = []
                for try await result in group { collected.append(result) }
                return collected
            }
            #expect(results.count == 50)
            #expect(results.allSatisfy { $0.0 * 2 == $0.1 })
            #expect(Set(results.map(\.2)).count <= 2)
        }
    }

    @Test func aLeaseKeepsOneSessionUntilItEnds() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "lease", poolSize: 2)
            try await pool.withConnection { connection in
                try await connection.execute("SET application_name TO 'leased'")
                let first = try await connection.query("SELECT pg_backend_pid() AS pid")[0].decode("pid", as: Int32.self)
                let second = try await connection.query("SELECT pg_backend_pid() AS pid, current_setting('application_name') AS app")[0]
                #expect(try second.decode("pid", as: Int32.self) == first)
                #expect(try second.decode("app", as: String.self) == "leased")
            }
        }
    }

    @Test func callersWaitForAFreeConnection() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "wait", poolSize: 1)
            let log = EventLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                try await pool.withConnection { connection in
                    group.addTask {
                        _ = try await pool.query("SELECT 1")
                        log.record("other query done")
                    }
                    try await Task.sleep(for: .milliseconds(200))
                    _ = try await connection.query("SELECT 1")
                    log.record("lease ending")
                }
                try await group.waitForAll()
            }
            #expect(log.all == ["lease ending", "other query done"])
        }
    }

    @Test func queuedCallersAreServedInOrder() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "fifo", poolSize: 1)
            let log = EventLog()
            try await withThrowingTaskGroup(of: Void.self) { group in
                try await pool.withConnection { _ in
                    for index in 0..<5 {
                        group.addTask {
                            try await pool.withConnection { _ in log.record("served \(index)") }
                        }
                        // Give each waiter time to queue up behind the lease before the next one.
                        try await Task.sleep(for: .milliseconds(50))
                    }
                    log.record("released")
                }
                try await group.waitForAll()
            }
            #expect(log.all == ["released"] + (0..<5).map { "served \($0)" })
        }
    }

    @Test func aWaitingCallerCanBeCancelled() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "cancel", poolSize: 1)
            try await pool.withConnection { _ in
                let waiting = Task { try await pool.query("SELECT 1") }
                try await Task.sleep(for: .milliseconds(50))
                waiting.cancel()
                await #expect(throws: CancellationError.self) { try await waiting.value }
            }
            try await pool.ping()
        }
    }

    @Test func opensConnectionsLazilyAndReusesThem() async throws {
        try await withTestDatabase { database in
            let configuration = try await database.makeServiceConfiguration(schema: "lazy", poolSize: 4)
            let pool = database.makePool(configuration: configuration)
            let role = database.roleName(forSchema: "lazy")
            #expect(try await sessions(of: role, in: database) == 0)
            for _ in 0..<20 { try await pool.ping() }
            #expect(try await sessions(of: role, in: database) == 1)
        }
    }

    @Test func aShutDownPoolRefusesWork() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "closed", poolSize: 2)
            try await pool.ping()
            await pool.shutdown()
            let error = try await #require(throws: DatabaseError.self) { try await pool.ping() }
            #expect(error.kind == .poolClosed)
            await pool.shutdown()
        }
    }

    @Test func anUnreachableServerIsAConnectionFailure() async throws {
        var logger = Logger(label: "tests.database")
        logger.logLevel = .critical
        let pool = DatabasePool(
            configuration: DatabaseConfiguration(url: "postgres://nobody:secret@127.0.0.1:1/none", poolSize: 1),
            logger: logger)
        let error = try await #require(throws: DatabaseError.self) { try await pool.ping() }
        #expect(error.isConnectionFailure)
        // Within the backoff window the next attempt fails fast, still as a connection failure.
        let again = try await #require(throws: DatabaseError.self) { try await pool.ping() }
        #expect(again.isConnectionFailure)
        await pool.shutdown()
    }

    private func sessions(of role: String, in database: TestDatabase) async throws -> Int {
        let rows = try await database.adminPool.query("""
            SELECT count(*) AS n FROM pg_stat_activity WHERE usename = \(role) AND datname = current_database()
            """)
        return try rows[0].decode("n", as: Int.self)
    }
}
