import Foundation

/// A version counter that waiters can sleep on: `notify()` bumps the version and wakes everyone; a waiter passes
/// the version it has seen and returns as soon as a newer one exists, its deadline passes, its task is cancelled
/// or the signal is closed. Waiters re-check their own condition afterwards, so no wake-up is ever lost.
///
/// `@unchecked Sendable`: every mutable field (including those of each `Waiter`) is read and written only while
/// holding `lock`.
final class ChangeSignal: @unchecked Sendable {
    private final class Waiter: @unchecked Sendable {
        // Guarded by the signal's lock.
        var continuation: CheckedContinuation<Void, Never>?
        var finished = false
    }

    private let lock = NSLock()
    private var version: UInt64 = 0
    private var closed = false
    private var waiters: [ObjectIdentifier: Waiter] = [:]

    /// The current version: read it before checking a condition, then `wait(after:until:)` with it.
    var currentVersion: UInt64 { lock.withLock { version } }

    var isClosed: Bool { lock.withLock { closed } }

    func notify() {
        let woken: [CheckedContinuation<Void, Never>] = lock.withLock {
            version &+= 1
            var continuations: [CheckedContinuation<Void, Never>] = []
            for waiter in waiters.values {
                waiter.finished = true
                if let continuation = waiter.continuation { continuations.append(continuation) }
                waiter.continuation = nil
            }
            waiters.removeAll()
            return continuations
        }
        for continuation in woken { continuation.resume() }
    }

    /// Wakes every waiter for good: later waits return at once (used at shutdown so long polls end promptly).
    func close() {
        lock.withLock { closed = true }
        notify()
    }

    /// Returns when the version differs from `seen`, at `deadline`, on cancellation, or when closed.
    func wait(after seen: UInt64, until deadline: ContinuousClock.Instant) async {
        if lock.withLock({ version != seen || closed }) || ContinuousClock.now >= deadline { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitForChange(after: seen) }
            group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
            await group.next()
            group.cancelAll()
        }
    }

    private func waitForChange(after seen: UInt64) async {
        let waiter = Waiter()
        let key = ObjectIdentifier(waiter)
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow: Bool = lock.withLock {
                    if version != seen || closed || waiter.finished {
                        waiter.finished = true
                        return true
                    }
                    waiter.continuation = continuation
                    waiters[key] = waiter
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation: CheckedContinuation<Void, Never>? = lock.withLock {
                waiter.finished = true
                waiters.removeValue(forKey: key)
                defer { waiter.continuation = nil }
                return waiter.continuation
            }
            continuation?.resume()
        }
    }
}
