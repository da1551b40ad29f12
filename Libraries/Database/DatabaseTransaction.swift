import Toolkit

/// An open transaction (inside `withTransaction`). Statements run on the transaction's connection;
/// after the block returns the transaction can no longer be used.
public final class DatabaseTransaction: SQLExecutor, Sendable {
    private let connection: DatabaseConnection
    private let state = Locked(State())

    private struct State {
        var isOpen = true
        var commitHooks: [@Sendable () -> Void] = []
    }

    init(connection: DatabaseConnection) {
        self.connection = connection
    }

    public func query(_ sql: SQL) async throws -> [Row] {
        try checkOpen()
        return try await connection.run(sql).rows
    }

    @discardableResult
    public func execute(_ sql: SQL) async throws -> Int {
        try checkOpen()
        return try await connection.run(sql).affectedRows
    }

    /// Runs `sql` in this transaction without a round trip of its own: it goes out in the same round trip as the
    /// transaction's next statement or, if none follows, its COMMIT — for statements whose result nobody reads
    /// (an outbox row, say). Statements keep their order. If it fails, the statement it travelled with reports
    /// its error instead of running (or the COMMIT throws it) and the transaction rolls back, as if it had been
    /// executed at once.
    public func executeDeferred(_ sql: SQL) throws {
        try checkOpen()
        try connection.runDeferred(sql)
    }

    /// Runs a parameterless script of several statements inside the transaction (trusted text only).
    public func executeScript(_ script: String) async throws {
        try checkOpen()
        try await connection.executeScript(script)
    }

    /// Registers `action` to run after the transaction committed successfully (e.g. waking the outbox
    /// relay). It never runs when the transaction rolls back. Hooks run in registration order on the
    /// task that called `withTransaction`, before it returns.
    public func afterCommit(_ action: @escaping @Sendable () -> Void) {
        state.withLock { state in
            if state.isOpen { state.commitHooks.append(action) }
        }
    }

    /// Ends the transaction's use (before COMMIT or ROLLBACK is sent).
    func close() {
        state.withLock { $0.isOpen = false }
    }

    func takeCommitHooks() -> [@Sendable () -> Void] {
        state.withLock { state in
            defer { state.commitHooks = [] }
            return state.commitHooks
        }
    }

    private func checkOpen() throws(DatabaseError) {
        guard state.withLock({ $0.isOpen }) else {
            throw DatabaseError(kind: .transaction,
                                message: "a DatabaseTransaction was used after its withTransaction block returned")
        }
    }
}
