@testable import Database
import Foundation
import Testing
import TestSupport

/// `DatabaseTransaction.executeDeferred`: a statement whose result nobody reads travels with the transaction's next
/// statement or its COMMIT, in order, and fails the transaction exactly as if it had run at once.
@Suite struct DeferredStatementTests {
    private func notes(_ pool: DatabasePool) async throws -> [String] {
        try await pool.query("SELECT body FROM notes ORDER BY id").map { try $0.decode("body") }
    }

    private func makeNotes(_ database: TestDatabase) async throws -> DatabasePool {
        let pool = try await database.makeServicePool(schema: "deferred", poolSize: 1)
        try await pool.execute("CREATE TABLE notes (id int PRIMARY KEY, body text NOT NULL)")
        return pool
    }

    @Test func deferredStatementsRunBeforeTheNextStatementInTheirOrder() async throws {
        try await withTestDatabase { database in
            let pool = try await makeNotes(database)
            let seen = try await pool.withTransaction { transaction -> [String] in
                try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(1), \("first"))")
                try transaction.executeDeferred("UPDATE notes SET body = body || \(" then updated") WHERE id = \(1)")
                try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(2), \("second"))")
                return try await transaction.query("SELECT body FROM notes ORDER BY id").map { try $0.decode("body") }
            }
            #expect(seen == ["first then updated", "second"])
            #expect(try await notes(pool) == ["first then updated", "second"])
        }
    }

    @Test func aTransactionOfOnlyDeferredStatementsSendsThemWithItsCommit() async throws {
        try await withTestDatabase { database in
            let pool = try await makeNotes(database)
            try await pool.withTransaction(isolation: .serializable) { transaction in
                try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(1), \("a"))")
                try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(2), \("b"))")
            }
            #expect(try await notes(pool) == ["a", "b"])
            // The same statement text twice in one pipeline is parsed once and executed twice.
            let prepared = try await pool.query("""
                SELECT statement FROM pg_prepared_statements WHERE statement LIKE \("INSERT INTO notes%")
                """)
            #expect(prepared.count == 1)
            try await pool.withTransaction { transaction in
                try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(3), \("c"))")
            }
            #expect(try await notes(pool) == ["a", "b", "c"])
        }
    }

    @Test func aFailingDeferredStatementFailsTheNextStatementAndRollsEverythingBack() async throws {
        try await withTestDatabase { database in
            let pool = try await makeNotes(database)
            try await pool.execute("INSERT INTO notes (id, body) VALUES (\(1), \("kept"))")
            var ranAfterTheFailure = false
            let error = try await #require(throws: DatabaseError.self) {
                try await pool.withTransaction { transaction in
                    try await transaction.execute("INSERT INTO notes (id, body) VALUES (\(2), \("lost"))")
                    // Deferring cannot fail: the duplicate key is only seen with the next statement.
                    try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(1), \("duplicate"))")
                    _ = try await transaction.query("SELECT count(*) AS n FROM notes")
                    ranAfterTheFailure = true
                }
            }
            #expect(error.sqlState == "23505")
            #expect(!ranAfterTheFailure)
            #expect(try await notes(pool) == ["kept"])
            // The connection is usable afterwards.
            try await pool.withTransaction { transaction in
                try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(3), \("next"))")
            }
            #expect(try await notes(pool) == ["kept", "next"])
        }
    }

    @Test func aFailingDeferredStatementFailsTheCommit() async throws {
        try await withTestDatabase { database in
            let pool = try await makeNotes(database)
            try await pool.execute("INSERT INTO notes (id, body) VALUES (\(1), \("kept"))")
            let error = try await #require(throws: DatabaseError.self) {
                try await pool.withTransaction { transaction in
                    try await transaction.execute("INSERT INTO notes (id, body) VALUES (\(2), \("lost"))")
                    try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(3), \("lost too"))")
                    try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(1), \("duplicate"))")
                }
            }
            #expect(error.sqlState == "23505")
            #expect(try await notes(pool) == ["kept"])
            // Also when nothing else was sent: BEGIN, the failing statement and COMMIT in one pipeline.
            let alone = try await #require(throws: DatabaseError.self) {
                try await pool.withTransaction { transaction in
                    try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(4), \("lost"))")
                    try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(1), \("duplicate"))")
                }
            }
            #expect(alone.sqlState == "23505")
            #expect(try await notes(pool) == ["kept"])
            #expect(try await pool.query("SELECT \(1) + 1 AS two")[0].decode("two", as: Int.self) == 2)
        }
    }

    @Test func aTransactionThatThrowsNeverSendsItsDeferredStatements() async throws {
        struct Abandoned: Error {}
        try await withTestDatabase { database in
            let pool = try await makeNotes(database)
            await #expect(throws: Abandoned.self) {
                try await pool.withTransaction { transaction in
                    try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(1), \("never"))")
                    throw Abandoned()
                }
            }
            await #expect(throws: Abandoned.self) {
                try await pool.withTransaction { transaction in
                    try await transaction.execute("INSERT INTO notes (id, body) VALUES (\(2), \("rolled back"))")
                    try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(3), \("never"))")
                    throw Abandoned()
                }
            }
            #expect(try await notes(pool).isEmpty)
            // Nothing is left queued for the connection's next transaction either.
            try await pool.withTransaction { transaction in
                try await transaction.execute("INSERT INTO notes (id, body) VALUES (\(4), \("only this"))")
            }
            #expect(try await notes(pool) == ["only this"])
        }
    }

    @Test func aScriptRunsAfterTheDeferredStatements() async throws {
        try await withTestDatabase { database in
            let pool = try await makeNotes(database)
            try await pool.withTransaction { transaction in
                try transaction.executeDeferred("INSERT INTO notes (id, body) VALUES (\(1), \("deferred"))")
                try await transaction.executeScript("UPDATE notes SET body = 'then scripted' WHERE id = 1")
            }
            #expect(try await notes(pool) == ["then scripted"])
        }
    }

    @Test func aDeferredStatementCannotOutliveItsTransaction() async throws {
        try await withTestDatabase { database in
            let pool = try await makeNotes(database)
            let escaped = try await pool.withTransaction { transaction in transaction }
            #expect(throws: DatabaseError.self) {
                try escaped.executeDeferred("INSERT INTO notes (id, body) VALUES (\(1), \("late"))")
            }
            #expect(try await notes(pool).isEmpty)
        }
    }
}
