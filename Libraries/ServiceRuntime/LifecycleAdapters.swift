import Database
import ServiceLifecycle

/// Runs a long-lived async loop as a `Service`: graceful shutdown cancels the loop, which must end promptly
/// on cancellation (the bus drains in-flight handlers before returning).
public struct LoopService: Service, CustomStringConvertible {
    public let description: String
    private let body: @Sendable () async throws -> Void

    public init(_ name: String, _ body: @escaping @Sendable () async throws -> Void) {
        self.description = name
        self.body = body
    }

    public func run() async throws {
        try await cancelWhenGracefulShutdown { try await body() }
    }
}

/// Keeps the database pool for the life of the group and closes its connections last
/// (the group shuts services down in reverse order, and the pool comes first in the list).
public struct DatabasePoolService: Service, CustomStringConvertible {
    public let description = "database"
    private let pool: DatabasePool

    public init(pool: DatabasePool) { self.pool = pool }

    public func run() async throws {
        try? await gracefulShutdown()
        await pool.shutdown()
    }
}
