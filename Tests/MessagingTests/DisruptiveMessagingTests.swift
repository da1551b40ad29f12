import Contracts
import Foundation
import Messaging
import TestSupport
import Testing

/// Stops and starts the shared RabbitMQ: the test script runs these alone, after everything else.
@Suite(.serialized) struct DisruptiveMessagingTests {
    @Test func publishesAndConsumesAgainAfterBrokerRestart() async throws {
        try await withTestVirtualHost { broker in
            let received = Recorder<Int>()
            let subscriptions = Subscriptions { s in
                s.on(OtherThingHappened.self) { envelope, _ in await received.append(envelope.payload.number) }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL, publishTimeout: .seconds(2)),
                                 subscriptions: subscriptions, logger: testLogger)

            let numbers = try await withRunningBus(bus) {
                try await bus.publish(Envelope(OtherThingHappened(number: 1), producer: .booking))
                _ = try await received.waitFor(count: 1)

                try await TestBroker.stopBroker()
                try await waitUntil("the bus noticed") { !bus.isConnected }
                await #expect(throws: MessagingError.self) {
                    try await bus.publish(Envelope(OtherThingHappened(number: -1), producer: .booking))
                }
                try await TestBroker.startBroker()
                try await waitUntil("the bus reconnected", deadline: .seconds(60)) { bus.isConnected }

                try await bus.publish(Envelope(OtherThingHappened(number: 2), producer: .booking))
                return try await received.waitFor(count: 2)
            }

            #expect(numbers == [1, 2])
        }
    }

    @Test func redeliversUnacknowledgedMessageAfterBrokerRestart() async throws {
        try await withTestVirtualHost { broker in
            let brokerStopped = Gate()
            let deliveries = Recorder<(UUID, Bool)>()
            let subscriptions = Subscriptions { s in
                s.on(ThingHappened.self) { envelope, context in
                    await deliveries.append((envelope.messageId, context.redelivered))
                    // The first delivery is still in its handler when the broker goes away: its ack is lost.
                    if await deliveries.count == 1 { try await brokerStopped.wait(timeout: .seconds(60)) }
                }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL, consumersPerQueue: 1),
                                 subscriptions: subscriptions, logger: testLogger)
            let sent = Envelope(ThingHappened(number: 9, note: "survivor"), producer: .booking)

            let seen = try await withRunningBus(bus) {
                try await bus.publish(sent)
                _ = try await deliveries.waitFor(count: 1)
                try await TestBroker.stopBroker()
                await brokerStopped.open()
                try await TestBroker.startBroker()
                return try await deliveries.waitFor(count: 2, timeout: .seconds(60))
            }

            #expect(seen.map(\.0) == [sent.messageId, sent.messageId])
            #expect(seen.map(\.1) == [false, true])
        }
    }
}
