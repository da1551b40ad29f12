import Contracts
import Database
import Foundation
import Logging
import Messaging
import Testing
import TestSupport

/// The transactional outbox and its relay, against real PostgreSQL and RabbitMQ.
@Suite struct OutboxTests {
    /// A service schema with the messaging tables, a consumer bus recording every ThingHappened it receives,
    /// and the outbox of a producer (`messaging-caller`).
    struct Fixture: Sendable {
        let pool: DatabasePool
        let broker: TestBroker
        let outbox: Outbox
        let signal: OutboxSignal
        let received: Recorder<UUID>
        /// The bus recording into `received`; a test may shut it down early (as a barrier).
        let consumer: MessageBus

        func relay(url: String? = nil) throws -> (OutboxRelay, MessageBus) {
            let bus = MessageBus(configuration: try testConfiguration(url ?? broker.amqpURL, service: .messagingCaller,
                                                                      publishTimeout: .seconds(2)),
                                 logger: testLogger)
            var configuration = OutboxRelayConfiguration()
            configuration.batchSize = 50
            configuration.pollInterval = .milliseconds(100)
            return (OutboxRelay(pool: pool, bus: bus, configuration: configuration, signal: signal, logger: testLogger),
                    bus)
        }

        func pending() async throws -> Int {
            try await pool.query("SELECT count(*) AS n FROM outbox WHERE published_at IS NULL")
                .first?.decode("n", as: Int.self) ?? -1
        }
    }

    static func withFixture(_ body: (Fixture) async throws -> Void) async throws {
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "producer")
            _ = try await Migrator(pool: pool, schema: "producer", logger: testLogger)
                .migrate(MessagingMigrations.all, component: "messaging")
            try await withTestVirtualHost { broker in
                let received = Recorder<UUID>()
                var subscriptions = Subscriptions()
                subscriptions.on(ThingHappened.self) { envelope, _ in await received.append(envelope.messageId) }
                let consumer = MessageBus(configuration: try testConfiguration(broker.amqpURL), subscriptions: subscriptions,
                                          logger: testLogger)
                let signal = OutboxSignal()
                try await withRunningBus(consumer) {
                    try await body(Fixture(pool: pool, broker: broker,
                                           outbox: Outbox(producer: .messagingCaller, signal: signal),
                                           signal: signal, received: received, consumer: consumer))
                }
            }
        }
    }

    @Test func publishesCommittedEventsAndNeverRolledBackOnes() async throws {
        try await Self.withFixture { fixture in
            let committed = try await fixture.pool.withTransaction { transaction in
                try await fixture.outbox.publish(ThingHappened(number: 1, note: "committed"), in: transaction)
            }
            struct Abort: Error {}
            await #expect(throws: Abort.self) {
                try await fixture.pool.withTransaction { transaction in
                    try await fixture.outbox.publish(ThingHappened(number: 2, note: "rolled back"), in: transaction)
                    throw Abort()
                }
            }
            let (relay, bus) = try fixture.relay()
            let published = try await withRunningBus(bus) {
                [try await relay.relayBatch(), try await relay.relayBatch()]
            }
            #expect(published == [1, 0])
            #expect(try await fixture.received.waitFor(count: 1) == [committed.messageId])
            #expect(try await fixture.pending() == 0)
        }
    }

    @Test func keepsRowsWhileTheBrokerIsUnreachableAndPublishesThemLater() async throws {
        try await Self.withFixture { fixture in
            let envelope = try await fixture.pool.withTransaction { transaction in
                try await fixture.outbox.publish(ThingHappened(number: 7, note: "while down"), in: transaction)
            }
            // A bus whose broker cannot be reached: nothing listens on port 1.
            let (deadRelay, _) = try fixture.relay(url: "amqp://nobody:nothing@127.0.0.1:1/none")
            await #expect(throws: (any Error).self) { try await deadRelay.relayBatch() }
            #expect(try await fixture.pending() == 1)
            let failure = try await fixture.pool.query("SELECT attempts, last_error FROM outbox")
            #expect(try failure.first?.decode("attempts", as: Int.self) == 1)
            #expect(try failure.first?.decode("last_error", as: String?.self) != nil)

            let (relay, bus) = try fixture.relay()
            let published = try await withRunningBus(bus) { try await relay.relayBatch() }
            #expect(published == 1)
            #expect(try await fixture.received.waitFor(count: 1) == [envelope.messageId])
            #expect(try await fixture.pending() == 0)
        }
    }

    /// Two relays (two instances of a service) draining one outbox: every message once, none skipped.
    @Test func twoRelaysPublishEveryRowExactlyOnce() async throws {
        try await Self.withFixture { fixture in
            var expected: Set<UUID> = []
            for batch in 0..<10 {
                let ids = try await fixture.pool.withTransaction { transaction in
                    var ids: [UUID] = []
                    for index in 0..<100 {
                        ids.append(try await fixture.outbox.publish(
                            ThingHappened(number: batch * 100 + index, note: "bulk"), in: transaction).messageId)
                    }
                    return ids
                }
                expected.formUnion(ids)
            }
            let (first, firstBus) = try fixture.relay()
            let (second, secondBus) = try fixture.relay()
            try await withRunningBus(firstBus) {
                try await withRunningBus(secondBus) {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        for relay in [first, second] { group.addTask { try await relay.run() } }
                        try await waitUntil("the outbox is drained") { try await fixture.pending() == 0 }
                        group.cancelAll()
                    }
                }
            }
            _ = try await fixture.received.waitFor(count: 1000)
            // The relays have stopped, so whatever they published is in the consumer's queue or recorded. The
            // consumer stops after finishing (and acknowledging) what it handles: a duplicate is then either
            // recorded or still in the queue, where basic.get finds it.
            await fixture.consumer.shutdown()
            let left = try await fixture.broker.getMessage(queue: Topology.eventsQueue(.messagingTest))
            #expect(left == nil, "a message was left in the queue: \(left?.payload ?? "")")
            let all = await fixture.received.values
            #expect(all.count == 1000)
            #expect(Set(all) == expected)
        }
    }

    @Test func commitWakesTheRelayWithoutWaitingForThePoll() async throws {
        try await Self.withFixture { fixture in
            let (_, bus) = try fixture.relay()
            var configuration = OutboxRelayConfiguration()
            configuration.pollInterval = .seconds(3600)  // only the commit signal can wake it
            let sleepyRelay = OutboxRelay(pool: fixture.pool, bus: bus, configuration: configuration,
                                          signal: fixture.signal, logger: testLogger)
            try await withRunningBus(bus) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await sleepyRelay.run() }
                    try await waitUntil("the relay went idle") { try await fixture.pending() == 0 }
                    try await Task.sleep(for: .milliseconds(200))
                    try await fixture.pool.withTransaction { transaction in
                        try await fixture.outbox.publish(ThingHappened(number: 9, note: "wake"), in: transaction)
                    }
                    _ = try await fixture.received.waitFor(count: 1)
                    group.cancelAll()
                }
            }
        }
    }
}
