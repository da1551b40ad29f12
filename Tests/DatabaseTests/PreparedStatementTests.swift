@testable import Database
import Foundation
import Testing
import TestSupport

/// Statements with parameters are prepared once per connection, and a transaction's BEGIN travels with its first
/// statement (PostgresSession's pipeline).
@Suite struct PreparedStatementTests {
    @Test func aRepeatedStatementIsPreparedOnceAndReusedOnTheSameConnection() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "prep", poolSize: 1)
            try await pool.execute("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)")
            for id in 1...5 {
                try await pool.execute("INSERT INTO notes (id, body) VALUES (\(id), \("note \(id)"))")
            }
            let prepared = try await pool.query("""
                SELECT name, statement FROM pg_prepared_statements WHERE statement LIKE \("INSERT INTO notes%")
                """)
            #expect(prepared.count == 1)
            let read: [String] = try await pool.query("SELECT body FROM notes WHERE id >= \(4) ORDER BY id")
                .map { try $0.decode("body") }
            #expect(read == ["note 4", "note 5"])
        }
    }

    @Test func utilityStatementsAndParameterlessTextAreNotPrepared() {
        #expect(PreparedStatements.isCacheable("SELECT 1 WHERE $1", parameterCount: 1))
        #expect(PreparedStatements.isCacheable("\n   with x AS (SELECT $1) SELECT * FROM x", parameterCount: 1))
        #expect(PreparedStatements.isCacheable("  UPDATE t SET a = $1", parameterCount: 1))
        #expect(!PreparedStatements.isCacheable("SELECT 1", parameterCount: 0))
        #expect(!PreparedStatements.isCacheable("SET search_path TO $1", parameterCount: 1))
        #expect(!PreparedStatements.isCacheable("SELECTED $1", parameterCount: 1))
        #expect(!PreparedStatements.isCacheable("INSERT INTO t VALUES ($1)", parameterCount: 65))
    }

    @Test func theCacheStopsGrowingAtItsCapacity() {
        var cache = PreparedStatements()
        for index in 0..<(PreparedStatements.capacity + 10) {
            let text = "SELECT \(index) WHERE $1"
            guard case let .new(name)? = cache.lookup(text: text, types: [25]) else {
                #expect(index >= PreparedStatements.capacity)
                continue
            }
            cache.remember(name: name, text: text, types: [25])
        }
        #expect(cache.count == PreparedStatements.capacity)
        #expect(cache.lookup(text: "SELECT 0 WHERE $1", types: [25]) != nil)
        // Other parameter types are another statement.
        #expect(cache.lookup(text: "SELECT 0 WHERE $1", types: [20]) == nil)
        cache.reset()
        #expect(cache.count == 0)
    }

    @Test func aStatementFailingToParseIsNotRememberedAndTheConnectionStaysUsable() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "prep", poolSize: 1)
            for _ in 0..<2 {
                let error = try await #require(throws: DatabaseError.self) {
                    try await pool.query("SELECT no_such_column FROM pg_class WHERE relname = \("x")")
                }
                #expect(error.sqlState == "42703")
            }
            #expect(try await pool.query("SELECT \(41) + 1 AS answer")[0].decode("answer", as: Int.self) == 42)
        }
    }

    @Test func aReconnectedSessionPreparesItsStatementsAgain() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "prep", poolSize: 1)
            try await pool.execute("CREATE TABLE notes (id int PRIMARY KEY)")
            try await pool.execute("INSERT INTO notes (id) VALUES (\(1))")
            let pid = try await pool.query("SELECT pg_backend_pid() AS pid")[0].decode("pid", as: Int32.self)
            _ = try await database.adminPool.query("SELECT pg_terminate_backend(\(pid))")
            // The first use after the server closed the session reconnects; the statement is prepared anew.
            var inserted = false
            for attempt in 2...10 where !inserted {
                do {
                    try await pool.execute("INSERT INTO notes (id) VALUES (\(attempt))")
                    inserted = true
                } catch let error as DatabaseError where error.isConnectionFailure {
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            #expect(inserted)
            #expect(try await pool.query("SELECT count(*) AS n FROM notes")[0].decode("n", as: Int.self) == 2)
        }
    }

    @Test func aChangedResultTypeIsPreparedAgainOnTheNextCall() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "prep", poolSize: 1)
            try await pool.execute("CREATE TABLE notes (id int PRIMARY KEY)")
            try await pool.execute("INSERT INTO notes (id) VALUES (\(1))")
            #expect(try await pool.query("SELECT * FROM notes WHERE id = \(1)").count == 1)
            // A migration adds a column while the service runs: the prepared `SELECT *` can no longer be used.
            try await pool.execute("ALTER TABLE notes ADD COLUMN body text NOT NULL DEFAULT 'x'")
            var rows: [Row] = []
            for _ in 0..<2 where rows.isEmpty {
                do {
                    rows = try await pool.query("SELECT * FROM notes WHERE id = \(1)")
                } catch let error as DatabaseError where error.sqlState == "0A000" {
                    continue
                }
            }
            #expect(try rows.first?.decode("body", as: String.self) == "x")
        }
    }

    @Test func beginTravelsWithTheFirstStatementAndAnEmptyTransactionSendsNothing() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "prep", poolSize: 1)
            try await pool.execute("CREATE TABLE notes (id int PRIMARY KEY)")
            try await pool.withConnection { connection in
                // No statement: nothing reaches the server, and the connection is idle afterwards.
                let empty: Int = try await connection.withTransaction { _ in 7 }
                #expect(empty == 7)
                // The first statement opens the transaction on the server; a failing one leaves nothing behind.
                let error = try await #require(throws: DatabaseError.self) {
                    try await connection.withTransaction(isolation: .serializable) { transaction in
                        let level = try await transaction.query("SHOW transaction_isolation")[0]
                            .decode("transaction_isolation", as: String.self)
                        #expect(level == "serializable")
                        try await transaction.execute("INSERT INTO notes (id) VALUES (\(1))")
                        try await transaction.execute("INSERT INTO notes (id) VALUES (\(1))")
                    }
                }
                #expect(error.isUniqueViolation)
                #expect(try await connection.query("SELECT count(*) AS n FROM notes")[0].decode("n", as: Int.self) == 0)
                // A failing first statement rolls back too, and the session is usable at once.
                _ = try await #require(throws: DatabaseError.self) {
                    try await connection.withTransaction { transaction in
                        try await transaction.execute("INSERT INTO notes (id) VALUES (\("not a number"))")
                    }
                }
                try await connection.withTransaction { transaction in
                    try await transaction.execute("INSERT INTO notes (id) VALUES (\(2))")
                    // The INSERT's transaction id is still assigned: both statements ran in one transaction.
                    let assigned = try await transaction.query("SELECT txid_current_if_assigned() AS id")[0]
                        .decode("id", as: Int64?.self)
                    #expect(assigned != nil)
                }
                #expect(try await connection.query("SELECT count(*) AS n FROM notes")[0].decode("n", as: Int.self) == 1)
            }
        }
    }
}
