import Database
import Foundation
import Testing
import TestSupport

@Suite struct TransactionTests {
    @Test func commitsWhenTheBodyReturns() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "tx", poolSize: 2)
            try await pool.execute("CREATE TABLE notes (body text NOT NULL)")
            let log = EventLog()
            let value = try await pool.withTransaction { transaction in
                try await transaction.execute("INSERT INTO notes VALUES (\("first"))")
                try await transaction.execute("INSERT INTO notes VALUES (\("second"))")
                transaction.afterCommit { log.record("committed") }
                // Not visible to other sessions before COMMIT.
                #expect(try await pool.count("notes") == 0)
                return "done"
            }
            #expect(value == "done")
            #expect(log.all == ["committed"])
            #expect(try await pool.count("notes") == 2)
        }
    }

    @Test func rollsBackWhenTheBodyThrows() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "tx", poolSize: 2)
            try await pool.execute("CREATE TABLE notes (body text NOT NULL)")
            let log = EventLog()
            await #expect(throws: ExpectedFailure.self) {
                try await pool.withTransaction { transaction in
                    try await transaction.execute("INSERT INTO notes VALUES (\("lost"))")
                    transaction.afterCommit { log.record("committed") }
                    throw ExpectedFailure()
                }
            }
            #expect(log.all.isEmpty)
            #expect(try await pool.count("notes") == 0)
            // The connection is clean for the next user.
            try await pool.withConnection { connection in
                let first = try await connection.query("SELECT txid_current() AS id")[0].decode("id", as: Int64.self)
                let second = try await connection.query("SELECT txid_current() AS id")[0].decode("id", as: Int64.self)
                #expect(first != second)
            }
        }
    }

    @Test func afterCommitHooksDoNotRunWhenCommitFails() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "tx", poolSize: 1)
            try await pool.execute("""
                CREATE TABLE codes (code text, CONSTRAINT codes_unique UNIQUE (code) DEFERRABLE INITIALLY DEFERRED)
                """)
            let log = EventLog()
            let error = try await #require(throws: DatabaseError.self) {
                try await pool.withTransaction { transaction in
                    try await transaction.execute("INSERT INTO codes VALUES ('A'), ('A')")
                    transaction.afterCommit { log.record("committed") }
                }
            }
            #expect(error.isUniqueViolation)
            #expect(error.constraint == "codes_unique")
            #expect(log.all.isEmpty)
            #expect(try await pool.count("codes") == 0)
        }
    }

    @Test func aFailedStatementCaughtInsideTheBodyStillPreventsTheCommit() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "tx", poolSize: 1)
            try await pool.execute("CREATE TABLE notes (body text PRIMARY KEY)")
            let log = EventLog()
            let error = try await #require(throws: DatabaseError.self) {
                try await pool.withTransaction { transaction in
                    try await transaction.execute("INSERT INTO notes VALUES ('kept?')")
                    _ = try? await transaction.execute("INSERT INTO notes VALUES ('kept?')")
                    transaction.afterCommit { log.record("committed") }
                }
            }
            #expect(error.kind == .transaction)
            #expect(log.all.isEmpty)
            #expect(try await pool.count("notes") == 0)
        }
    }

    @Test func usesTheRequestedIsolationLevel() async throws {
        try await withTestDatabase { database in
            for level in IsolationLevel.allCases {
                let shown = try await database.adminPool.withTransaction(isolation: level) { transaction in
                    try await transaction.query("SHOW transaction_isolation")[0].decode(0, as: String.self)
                }
                #expect(shown.uppercased() == level.rawValue)
            }
        }
    }

    @Test func serializationFailuresAreRecognised() async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "tx", poolSize: 2)
            try await pool.execute("CREATE TABLE counters (id int PRIMARY KEY, value int NOT NULL)")
            try await pool.execute("INSERT INTO counters VALUES (1, 0)")
            let error = try await #require(throws: DatabaseError.self) {
                try await pool.withTransaction(isolation: .serializable) { first in
                    _ = try await first.query("SELECT value FROM counters WHERE id = 1")
                    try await pool.withTransaction(isolation: .serializable) { second in
                        try await second.execute("UPDATE counters SET value = value + 1 WHERE id = 1")
                    }
                    try await first.execute("UPDATE counters SET value = value + 10 WHERE id = 1")
                }
            }
            #expect(error.isSerializationFailure)
            let row = try await pool.query("SELECT value FROM counters")
            #expect(try row[0].decode("value", as: Int.self) == 1)
        }
    }

    @Test func transactionsDoNotNestOnOneConnection() async throws {
        try await withTestDatabase { database in
            try await database.adminPool.withConnection { connection in
                let error = try await #require(throws: DatabaseError.self) {
                    try await connection.withTransaction { _ in
                        try await connection.withTransaction { _ in }
                    }
                }
                #expect(error.kind == .transaction)
                // The connection is usable again afterwards.
                let value = try await connection.withTransaction { transaction in
                    try await transaction.query("SELECT 1 AS one")[0].decode("one", as: Int.self)
                }
                #expect(value == 1)
            }
        }
    }

    @Test func aTransactionCannotBeUsedAfterItsBlock() async throws {
        try await withTestDatabase { database in
            let escaped = try await database.adminPool.withTransaction { $0 }
            let error = try await #require(throws: DatabaseError.self) { try await escaped.query("SELECT 1") }
            #expect(error.kind == .transaction)
            let connection = try await database.adminPool.withConnection { $0 }
            await #expect(throws: DatabaseError.self) { try await connection.query("SELECT 1") }
        }
    }
}
