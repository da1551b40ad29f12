import Foundation

/// A value guarded by a lock, shared between a library's own threads (database connections, AMQP workers) and
/// async callers.
///
/// `@unchecked Sendable` is safe because every access to `value` goes through `withLock`, which holds `lock` for
/// the whole access.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: Value) {
        self.value = value
    }

    public func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
