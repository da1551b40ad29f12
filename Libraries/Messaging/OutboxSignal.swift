import Synchronization

/// Wakes the outbox relay of this process right after a transaction with outgoing messages commits, so a
/// message does not wait for the next poll. Rows committed by other instances are found by polling.
/// Any number of relays may wait on one signal; a notification wakes all of them.
public final class OutboxSignal: Sendable {
    private struct State {
        /// A notification arrived while nobody waited: the next wait returns at once.
        var pending = false
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waits that have begun and not yet ended.
        var active: Set<UInt64> = []
        /// Active waits whose timeout or cancellation came before they registered: they return at once.
        var expired: Set<UInt64> = []
        var lastID: UInt64 = 0
    }

    private let state = Mutex(State())

    public init() {}

    public func notify() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.waiters.isEmpty else {
                state.pending = true
                return []
            }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns when notified (at once if a notification is pending), after `timeout`, or when the task is
    /// cancelled.
    func wait(timeout: Duration) async {
        let id = state.withLock { state -> UInt64 in
            state.lastID += 1
            state.active.insert(state.lastID)
            return state.lastID
        }
        // Scoped: cancelled below however the wait ends.
        let timer = Task { [self] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            wake(id)
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending {
                        state.pending = false
                        return true
                    }
                    if state.expired.contains(id) { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            wake(id)
        }
        timer.cancel()
        state.withLock { state in
            state.active.remove(id)
            state.expired.remove(id)
        }
    }

    private func wake(_ id: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
            if state.active.contains(id) { state.expired.insert(id) }
            return nil
        }
        waiter?.resume()
    }
}
