import Contracts
import Foundation
import Messaging
import TestSupport
import Testing

@Suite struct HeartbeatTests {
    /// The connection threads poll the socket themselves, so heartbeats are sent and checked by our loop: an idle
    /// bus must keep its connections across several heartbeat intervals.
    @Test func keepsIdleConnectionsAliveWithHeartbeats() async throws {
        try await withTestVirtualHost { broker in
            var configuration = try testConfiguration(broker.amqpURL, consumersPerQueue: 1)
            configuration.heartbeat = .seconds(1)
            let subscriptions = Subscriptions { s in s.on(ThingHappened.self) { _, _ in } }
            let bus = MessageBus(configuration: configuration, subscriptions: subscriptions, logger: testLogger)

            try await withRunningBus(bus) {
                var before: [(name: String, connectedAt: Int)] = []
                try await waitUntil("the management API lists both connections") {
                    before = try await broker.connections()
                    return before.count == 2
                }
                // Idle for several heartbeat intervals (the broker drops a client silent for two of them).
                try await Task.sleep(for: .seconds(5))
                let after = try await broker.connections()

                #expect(bus.isConnected)
                #expect(after.map(\.connectedAt).sorted() == before.map(\.connectedAt).sorted())
                #expect(Set(after.map(\.name)) == ["messaging-test publisher",
                                                   "messaging-test consumer messaging-test.events#1"])
            }
        }
    }
}
