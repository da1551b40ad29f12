import Contracts
import Foundation
import Logging
import Messaging

/// The same workload through MessageBus: `publishers` concurrent tasks each publishing events one at a time
/// (every publish awaits its confirm; the publisher thread pipelines them), consumed by the bus's consumers with
/// manual acks after the handler.
enum BusBenchmark {
    struct BenchEvent: Event {
        static let messageType: MessageType = "bench.message.sent.v1"
        var sequence: Int
        var filler: String
    }

    static let service: ServiceName = "zg-bench"

    static func run(_ options: BenchmarkOptions, logger: Logger) async throws -> BenchmarkResult {
        let configuration = try BusConfiguration(url: options.url, service: service, prefetch: options.prefetch,
                                                 consumersPerQueue: options.consumersPerQueue)
        let received = CompletionCounter(target: options.count)
        let subscriptions = Subscriptions { s in
            s.on(BenchEvent.self) { _, _ in received.increment() }
        }
        let bus = MessageBus(configuration: configuration, subscriptions: subscriptions, logger: logger)
        let filler = String(repeating: "x", count: options.payloadBytes)
        // The application's part — building envelopes — happens before the clock starts, as the raw benchmark
        // builds its body up front; publishing (encoding, confirms) and consuming (decoding, acks) are timed.
        let envelopes = (0..<options.count).map { Envelope(BenchEvent(sequence: $0, filler: filler), producer: service) }

        let (seconds, publishedAfter, cpuSeconds) = try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await bus.run() }
            while !bus.isConnected { try await Task.sleep(for: .milliseconds(10)) }

            let start = Date()
            let cpuBefore = processCPUSeconds()
            try await withThrowingTaskGroup(of: Void.self) { publishers in
                let publisherCount = min(options.publishers, options.count)
                for publisher in 0..<publisherCount {
                    publishers.addTask {
                        for index in stride(from: publisher, to: options.count, by: publisherCount) {
                            try await bus.publish(envelopes[index])
                        }
                    }
                }
                try await publishers.waitForAll()
            }
            let publishedAfter = Date().timeIntervalSince(start)
            await received.waitUntilComplete()
            let seconds = Date().timeIntervalSince(start)
            let cpuSeconds = processCPUSeconds() - cpuBefore
            group.cancelAll()
            try await group.waitForAll()
            return (seconds, publishedAfter, cpuSeconds)
        }
        try cleanUp(options, configuration)
        return BenchmarkResult(messages: options.count, seconds: seconds, publishedAfter: publishedAfter,
                               cpuSeconds: cpuSeconds)
    }

    /// Deletes the benchmark's queues so repeated runs start empty.
    private static func cleanUp(_ options: BenchmarkOptions, _ configuration: BusConfiguration) throws {
        let connection = try RawConnection(Endpoint(url: options.url))
        let events = Topology.eventsQueue(service)
        let retries = configuration.retryDelays.map {
            "\(events).retry.\($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000)ms"
        }
        for queue in [events, Topology.deadLetterQueue(events)] + retries { connection.delete(queue) }
        connection.close()
    }
}

/// Counts handled messages; lets the benchmark await the last one.
///
/// `@unchecked Sendable` is safe: all state is guarded by `lock`.
final class CompletionCounter: @unchecked Sendable {
    private let lock = NSLock()
    private let target: Int
    private var count = 0
    private var waiter: CheckedContinuation<Void, Never>?

    init(target: Int) {
        self.target = target
    }

    func increment() {
        lock.lock()
        count += 1
        let waiter = count == target ? self.waiter : nil
        if waiter != nil { self.waiter = nil }
        lock.unlock()
        waiter?.resume()
    }

    func waitUntilComplete() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            lock.lock()
            if count >= target {
                lock.unlock()
                continuation.resume()
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }
}
