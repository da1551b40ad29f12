import Toolkit

/// A connection leased from a `DatabasePool` for the duration of `withConnection`; statements on it run
/// in order on the same PostgreSQL session.
public final class DatabaseConnection: SQLExecutor, Sendable {
    private let worker: ConnectionWorker
    private let leaseID: UInt64
    private let state = Locked(State())

    private struct State {
        var isLeased = true
        var inTransaction = false
        /// The `BEGIN …` of the open transaction while no statement has carried it to the server yet.
        var pendingBegin: String?
        /// Statements of the open transaction that travel with its next statement or its COMMIT.
        var deferred: [SQL] = []
    }

    init(worker: ConnectionWorker, leaseID: UInt64) {
        self.worker = worker
        self.leaseID = leaseID
    }

    public func query(_ sql: SQL) async throws -> [Row] {
        try await run(sql).rows
    }

    @discardableResult
    public func execute(_ sql: SQL) async throws -> Int {
        try await run(sql).affectedRows
    }

    /// Runs a script of one or more `;`-separated statements without parameters (simple query protocol),
    /// e.g. a migration file. Only for trusted text.
    public func executeScript(_ script: String) async throws {
        try checkLeased()
        let id = leaseID
        let (begin, deferred) = takePending()
        try await worker.submit { session throws(DatabaseError) in
            try session.runScript(script, lease: id, begin: begin, deferred: deferred)
        }
    }

    /// Runs `body` in a transaction on this connection (see `DatabasePool.withTransaction`).
    @discardableResult
    public func withTransaction<T: Sendable>(
        isolation level: IsolationLevel = .readCommitted,
        callerIsolation: isolated (any Actor)? = #isolation,
        _ body: (DatabaseTransaction) async throws -> T
    ) async throws -> T {
        let nested = state.withLock { state -> Bool in
            if state.inTransaction { return true }
            state.inTransaction = true
            return false
        }
        if nested {
            throw DatabaseError(kind: .transaction,
                                message: "withTransaction was nested on one connection; transactions do not nest")
        }
        defer {
            state.withLock { state in
                state.inTransaction = false
                state.pendingBegin = nil
                state.deferred = []
            }
        }
        // BEGIN travels with the transaction's first statement (one round trip less); a transaction that runs
        // no statement sends nothing at all.
        state.withLock { $0.pendingBegin = "BEGIN ISOLATION LEVEL " + level.rawValue }
        let transaction = DatabaseTransaction(connection: self)
        let value: T
        do {
            value = try await body(transaction)
        } catch {
            transaction.close()
            await rollback()
            throw error
        }
        transaction.close()
        do {
            try await commit()
        } catch {
            await rollback()
            throw error
        }
        for hook in transaction.takeCommitHooks() { hook() }
        return value
    }

    func run(_ sql: SQL) async throws(DatabaseError) -> PostgresSession.Outcome {
        try checkLeased()
        let id = leaseID
        let (begin, deferred) = takePending()
        return try await worker.submit { session throws(DatabaseError) in
            try session.run(sql, lease: id, begin: begin, deferred: deferred)
        }
    }

    /// Queues `sql` to go out with the transaction's next statement or its COMMIT (see
    /// ``DatabaseTransaction/executeDeferred(_:)``).
    func runDeferred(_ sql: SQL) throws(DatabaseError) {
        try checkLeased()
        state.withLock { $0.deferred.append(sql) }
    }

    private func commit() async throws {
        try checkLeased()
        let (begin, deferred) = takePending()
        // Nothing was sent and nothing waits: there is no transaction on the server to commit.
        if begin != nil, deferred.isEmpty { return }
        let id = leaseID
        try await worker.submit { session throws(DatabaseError) in
            try session.commit(lease: id, begin: begin, deferred: deferred)
        }
    }

    /// Best effort: if the connection broke, the server has rolled back already. Deferred statements are dropped.
    private func rollback() async {
        if takePending().begin != nil { return }
        _ = try? await run("ROLLBACK")
    }

    /// Takes the unsent `BEGIN` and the deferred statements.
    private func takePending() -> (begin: String?, deferred: [SQL]) {
        state.withLock { state in
            defer {
                state.pendingBegin = nil
                state.deferred = []
            }
            return (state.pendingBegin, state.deferred)
        }
    }

    func endLease() {
        state.withLock { $0.isLeased = false }
    }

    private func checkLeased() throws(DatabaseError) {
        guard state.withLock({ $0.isLeased }) else {
            throw DatabaseError(kind: .poolClosed,
                                message: "a DatabaseConnection was used after its withConnection block returned")
        }
    }
}
