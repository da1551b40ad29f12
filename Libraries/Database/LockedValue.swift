import Foundation

/// A value guarded by a lock; the small synchronisation primitive the pool and the workers share.
///
/// `@unchecked Sendable` is safe because every access to `value` goes through `withLock`, which holds
/// `lock` for the whole access.
final class LockedValue<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    init(_ value: Value) {
        self.value = value
    }

    func withLock<Result>(_ body: (inout Value) throws -> Result) rethrows -> Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
