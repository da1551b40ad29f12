import Contracts
import Foundation
import Logging
import Messaging
import Testing
import TestSupport

let testLogger: Logger = {
    var logger = Logger(label: "messaging.test")
    logger.logLevel = .warning
    return logger
}()

/// An instant that survives the envelope's millisecond JSON encoding exactly (for `==` on round-tripped envelopes).
let exactInstant = Date(timeIntervalSince1970: 1_795_000_000.5)

/// Configuration for tests: short retry delays, small timeouts.
func testConfiguration(_ url: String, service: ServiceName = .messagingTest, prefetch: Int = 50,
                       consumersPerQueue: Int = 2,
                       retryDelays: [Duration] = [.milliseconds(100), .milliseconds(200)],
                       publishTimeout: Duration = .seconds(10)) throws -> BusConfiguration
{
    try BusConfiguration(url: url, service: service, prefetch: prefetch, consumersPerQueue: consumersPerQueue,
                         retryDelays: retryDelays, rpcTimeout: .seconds(5), publishTimeout: publishTimeout,
                         heartbeat: .seconds(10), reconnectBackoffMin: .milliseconds(100),
                         reconnectBackoffMax: .seconds(1), drainTimeout: .seconds(10))
}

/// Runs the bus while `body` runs (waiting first until its queues are declared), then cancels and awaits `run()`.
func withRunningBus<T: Sendable>(_ bus: MessageBus, _ body: () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await bus.run() }
        try await waitUntil("the bus connected") { bus.isConnected }
        let result = try await body()
        group.cancelAll()
        try await group.waitForAll()
        return result
    }
}

/// Collects values from handlers running on other tasks.
actor Recorder<Value: Sendable> {
    private(set) var values: [Value] = []

    func append(_ value: Value) {
        values.append(value)
    }

    var count: Int { values.count }

    /// Waits until at least `count` values arrived and returns them.
    nonisolated func waitFor(count: Int, timeout: Duration = .seconds(30)) async throws -> [Value] {
        try await waitUntil("\(count) values arrived", deadline: timeout, interval: .milliseconds(20)) {
            await self.count >= count
        }
        return await values
    }
}

/// A one-shot signal between a test and a handler.
actor Gate {
    private var isOpen = false

    func open() {
        isOpen = true
    }

    nonisolated func wait(timeout: Duration = .seconds(30)) async throws {
        try await waitUntil("the gate opened", deadline: timeout, interval: .milliseconds(20)) { await self.isOpen }
    }
}
