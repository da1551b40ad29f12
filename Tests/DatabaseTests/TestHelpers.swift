import Database
import Foundation

/// A thread-safe list of events for assertions about what happened (and in which order).
/// `@unchecked Sendable`: `events` is only accessed while holding `lock`.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [String] = []

    func record(_ event: String) {
        lock.withLock { events.append(event) }
    }

    var all: [String] {
        lock.withLock { events }
    }
}

struct ExpectedFailure: Error {}

extension SQLExecutor {
    func count(_ table: String) async throws -> Int {
        let row = try await query("SELECT count(*) AS n FROM \(identifier: table)")
        return try row[0].decode("n", as: Int.self)
    }
}
