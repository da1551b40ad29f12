import Logging
import ServiceLifecycle

/// A server that could not start in-process (its services never reported a listening port).
public struct InProcessServerError: Error, CustomStringConvertible {
    public let label: String
    public var description: String { "\(label) did not start: no listening port was reported" }
}

/// Runs an in-process server (a sandbox, a test HTTP server) for the duration of `body`.
///
/// `services` builds the server's services with the callback they must call once with the port they listen on
/// (the `onServerRunning` of a Hummingbird application bound to port 0). `body` gets that port and a `stop` that
/// starts the graceful shutdown early (as SIGTERM would). The group is shut down and awaited after `body`, also
/// when it throws; `body`'s error wins over the shutdown's.
public func withInProcessServer<T: Sendable>(
    label: String,
    services: (_ onPort: @escaping @Sendable (Int) async -> Void) -> [any Service],
    _ body: (_ port: Int, _ stop: @escaping @Sendable () async -> Void) async throws -> T
) async throws -> T {
    var logger = Logger(label: label)
    logger.logLevel = .critical
    let (ports, portsContinuation) = AsyncStream<Int>.makeStream()
    let group = ServiceGroup(configuration: .init(
        services: services { port in
            portsContinuation.yield(port)
            portsContinuation.finish()
        },
        logger: logger))

    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask {
            defer { portsContinuation.finish() } // a group that ends before listening must not hang the wait below
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            await group.triggerGracefulShutdown()
            while try await tasks.next() != nil {} // the group's own error, when it failed to start, explains best
            throw InProcessServerError(label: label)
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body(port, { await group.triggerGracefulShutdown() }))
        } catch {
            result = .failure(error)
        }
        await group.triggerGracefulShutdown()
        while try await tasks.next() != nil {}
        return try result.get()
    }
}
