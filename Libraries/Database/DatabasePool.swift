import Logging
import Toolkit

/// A fixed set of PostgreSQL connections, each living on its own dedicated thread.
///
/// Connections open lazily on first use and reconnect (with backoff) after the server went away: a
/// statement that fails because its connection broke throws a `DatabaseError` whose
/// `isConnectionFailure` is true, and the next use of that connection reconnects. Callers waiting
/// for a free connection queue up in FIFO order without spinning.
public final class DatabasePool: SQLExecutor, Sendable {
    public let configuration: DatabaseConfiguration
    private let logger: Logger
    private let workers: [ConnectionWorker]
    private let state: Locked<State>

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Lease, any Error>
    }

    private struct State {
        /// Indices of idle workers; used as a stack so a lightly loaded pool keeps reusing (and only
        /// opens) the same few connections.
        var idle: [Int]
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
        var isClosed = false

        mutating func makeID() -> UInt64 {
            nextID += 1
            return nextID
        }
    }

    struct Lease {
        let worker: Int
        let id: UInt64
    }

    public init(configuration: DatabaseConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        let size = max(1, configuration.poolSize)
        if configuration.poolSize < 1 {
            logger.warning("Database pool size below 1, using 1", metadata: ["db.pool_size": "\(configuration.poolSize)"])
        }
        workers = (0..<size).map { index in
            var workerLogger = logger
            workerLogger[metadataKey: "db.connection"] = "\(index)"
            return ConnectionWorker(name: "db-\(configuration.applicationName)-\(index)",
                                    configuration: configuration, logger: workerLogger)
        }
        state = Locked(State(idle: Array((0..<size).reversed())))
    }

    deinit {
        for worker in workers { worker.requestStop() }
    }

    // MARK: SQLExecutor

    public func query(_ sql: SQL) async throws -> [Row] {
        try await run(sql).rows
    }

    @discardableResult
    public func execute(_ sql: SQL) async throws -> Int {
        try await run(sql).affectedRows
    }

    private func run(_ sql: SQL) async throws -> PostgresSession.Outcome {
        let lease = try await acquire()
        defer { release(lease) }
        let id = lease.id
        return try await workers[lease.worker].submit { session throws(DatabaseError) in
            try session.run(sql, lease: id)
        }
    }

    // MARK: Leases and transactions

    /// Runs `body` with a connection nobody else uses until it returns (for several statements on one
    /// session, advisory locks, …). Do not use the connection after `body` returns.
    @discardableResult
    public func withConnection<T: Sendable>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (DatabaseConnection) async throws -> T
    ) async throws -> T {
        let lease = try await acquire()
        let connection = DatabaseConnection(worker: workers[lease.worker], leaseID: lease.id)
        defer {
            connection.endLease()
            release(lease)
        }
        return try await body(connection)
    }

    /// Runs `body` in a transaction: `BEGIN ISOLATION LEVEL …`, then `COMMIT`, or `ROLLBACK` when `body`
    /// throws. Hooks registered with `afterCommit` run after a successful commit only.
    @discardableResult
    public func withTransaction<T: Sendable>(
        isolation level: IsolationLevel = .readCommitted,
        callerIsolation: isolated (any Actor)? = #isolation,
        _ body: (DatabaseTransaction) async throws -> T
    ) async throws -> T {
        try await withConnection { connection in
            try await connection.withTransaction(isolation: level, body)
        }
    }

    /// `SELECT 1` on a pooled connection (readiness checks).
    public func ping() async throws {
        _ = try await query("SELECT 1")
    }

    /// Refuses new work, fails queued waiters, lets queued statements finish, closes every connection
    /// and stops the threads.
    public func shutdown() async {
        let waiters = state.withLock { state -> [Waiter] in
            state.isClosed = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters {
            waiter.continuation.resume(throwing: DatabaseError(kind: .poolClosed,
                                                               message: "the database pool was shut down"))
        }
        await withTaskGroup(of: Void.self) { group in
            for worker in workers {
                group.addTask { await worker.stop() }
            }
        }
        logger.debug("Database pool shut down")
    }

    private func acquire() async throws -> Lease {
        enum Immediate {
            case lease(Lease)
            case closed
            case wait(UInt64)
        }
        let immediate = state.withLock { state -> Immediate in
            if state.isClosed { return .closed }
            if let worker = state.idle.popLast() { return .lease(Lease(worker: worker, id: state.makeID())) }
            return .wait(state.makeID())
        }
        let waiterID: UInt64
        switch immediate {
        case .lease(let lease): return lease
        case .closed: throw DatabaseError(kind: .poolClosed, message: "the database pool was shut down")
        case .wait(let id): waiterID = id
        }

        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Lease, any Error>) in
                let outcome = state.withLock { state -> Result<Lease, any Error>? in
                    if state.isClosed {
                        return .failure(DatabaseError(kind: .poolClosed, message: "the database pool was shut down"))
                    }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    if let worker = state.idle.popLast() { return .success(Lease(worker: worker, id: state.makeID())) }
                    state.waiters.append(Waiter(id: waiterID, continuation: continuation))
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let waiter = state.withLock { state -> Waiter? in
                guard let index = state.waiters.firstIndex(where: { $0.id == waiterID }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    private func release(_ lease: Lease) {
        let handOff = state.withLock { state -> (Waiter, Lease)? in
            if !state.waiters.isEmpty {
                let waiter = state.waiters.removeFirst()
                return (waiter, Lease(worker: lease.worker, id: state.makeID()))
            }
            state.idle.append(lease.worker)
            return nil
        }
        if let (waiter, next) = handOff {
            waiter.continuation.resume(returning: next)
        }
    }
}
