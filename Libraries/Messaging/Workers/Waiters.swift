/// Continuations of async callers waiting for a connection thread, keyed by request id, with deadlines.
///
/// A value type kept inside a role's locked state. Whoever removes an entry resumes its continuation, so each
/// continuation is resumed exactly once — by completion, expiry, cancellation or shutdown, whichever comes first.
/// An id is reserved before the caller suspends so that a cancellation arriving before the continuation
/// exists is remembered instead of lost.
struct Waiters<Key: Hashable, Success> {
    private enum Entry {
        case reserved(deadline: ContinuousClock.Instant)
        case waiting(CheckedContinuation<Success, any Error>, deadline: ContinuousClock.Instant)
        case cancelled
    }

    private var entries: [Key: Entry] = [:]
    /// No entry expires before this instant (a lower bound; recomputed on every scan).
    private(set) var nextExpiry: ContinuousClock.Instant?

    var isEmpty: Bool { entries.isEmpty }

    func contains(_ key: Key) -> Bool {
        if case .waiting = entries[key] { return true }
        if case .reserved = entries[key] { return true }
        return false
    }

    mutating func reserve(_ key: Key, deadline: ContinuousClock.Instant) {
        entries[key] = .reserved(deadline: deadline)
        nextExpiry = min(nextExpiry ?? deadline, deadline)
    }

    /// Attaches the continuation; false if the caller was cancelled meanwhile (then the caller resumes it).
    mutating func register(_ key: Key, _ continuation: CheckedContinuation<Success, any Error>) -> Bool {
        switch entries[key] {
        case let .reserved(deadline):
            entries[key] = .waiting(continuation, deadline: deadline)
            return true
        case .cancelled, .waiting, nil:
            entries[key] = nil
            return false
        }
    }

    /// Marks the key cancelled; returns the continuation to resume if the caller already waits.
    mutating func cancel(_ key: Key) -> CheckedContinuation<Success, any Error>? {
        switch entries[key] {
        case let .waiting(continuation, _):
            entries[key] = nil
            return continuation
        case .reserved:
            entries[key] = .cancelled
            return nil
        case .cancelled, nil:
            return nil
        }
    }

    /// Forgets a reserved id whose caller will not wait after all.
    mutating func discard(_ key: Key) {
        entries[key] = nil
    }

    /// Removes the entry for completion; nil if it already expired, was cancelled or never registered.
    mutating func take(_ key: Key) -> CheckedContinuation<Success, any Error>? {
        guard case let .waiting(continuation, _) = entries[key] else { return nil }
        entries[key] = nil
        return continuation
    }

    /// Removes and returns every waiting entry whose deadline passed.
    mutating func takeExpired(now: ContinuousClock.Instant) -> [(Key, CheckedContinuation<Success, any Error>)] {
        guard let nextExpiry, nextExpiry <= now else { return [] }
        var expired: [(Key, CheckedContinuation<Success, any Error>)] = []
        var earliest: ContinuousClock.Instant?
        for (key, entry) in entries {
            switch entry {
            case let .waiting(continuation, deadline) where deadline <= now:
                expired.append((key, continuation))
            case let .waiting(_, deadline), let .reserved(deadline):
                earliest = min(earliest ?? deadline, deadline)
            case .cancelled:
                break
            }
        }
        for (key, _) in expired { entries[key] = nil }
        self.nextExpiry = earliest
        return expired
    }

    /// Removes every entry; returns the continuations to resume.
    mutating func takeAll() -> [CheckedContinuation<Success, any Error>] {
        let all = entries.values.compactMap { entry -> CheckedContinuation<Success, any Error>? in
            if case let .waiting(continuation, _) = entry { return continuation }
            return nil
        }
        entries = [:]
        nextExpiry = nil
        return all
    }
}
