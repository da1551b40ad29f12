import Synchronization

/// A small in-memory cache whose entries live for `timeToLive`, with concurrent misses of one key sharing one
/// load ("single flight"): the chats asking for the same list at the same time cause one RPC, not one each.
/// With a zero `timeToLive` nothing is kept, but concurrent requests still share the load in flight.
/// A failed load is not kept: the next request tries again.
final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private struct Entry {
        let load: Task<Value, any Error>
        let expires: ContinuousClock.Instant
        let generation: UInt64
    }

    private struct State {
        var entries: [Key: Entry] = [:]
        var generation: UInt64 = 0
    }

    let timeToLive: Duration
    /// Entries kept at most; beyond, expired ones are dropped (and all of them, if still too many).
    let capacity: Int
    private let state = Mutex(State())

    init(timeToLive: Duration, capacity: Int = 1000) {
        self.timeToLive = timeToLive
        self.capacity = capacity
    }

    /// The cached value of `key`, or the result of `load` (shared with concurrent callers of the same key).
    func value(_ key: Key, load: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let now = ContinuousClock.now
        let entry = state.withLock { state -> Entry in
            if let entry = state.entries[key], entry.expires > now { return entry }
            if state.entries.count >= capacity {
                state.entries = state.entries.filter { $0.value.expires > now }
                if state.entries.count >= capacity { state.entries = [:] }
            }
            state.generation &+= 1
            // Unstructured on purpose: the load is shared by every caller waiting for this key and must not be
            // cancelled with the first one. It is bounded by the RPC timeout and always awaited below.
            let entry = Entry(load: Task { try await load() }, expires: now + max(timeToLive, .milliseconds(1)),
                              generation: state.generation)
            state.entries[key] = entry
            return entry
        }
        do {
            let value = try await entry.load.value
            if timeToLive == .zero { forget(key, generation: entry.generation) }
            return value
        } catch {
            forget(key, generation: entry.generation)
            throw error
        }
    }

    private func forget(_ key: Key, generation: UInt64) {
        state.withLock { state in
            if state.entries[key]?.generation == generation { state.entries[key] = nil }
        }
    }
}
