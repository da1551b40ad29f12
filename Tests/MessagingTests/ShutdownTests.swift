import Contracts
import Foundation
import Messaging
import TestSupport
import Testing

@Suite struct ShutdownTests {
    @Test func stopsCleanlyOnCancellationAndAcksTheMessageInFlight() async throws {
        try await withTestVirtualHost { broker in
            let started = Gate()
            let release = Gate()
            let finished = Recorder<UUID>()
            let subscriptions = Subscriptions { s in
                s.on(ThingHappened.self) { envelope, _ in
                    await started.open()
                    try await release.wait()
                    await finished.append(envelope.messageId)
                }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL, consumersPerQueue: 1),
                                 subscriptions: subscriptions, logger: testLogger)
            let sent = Envelope(ThingHappened(number: 1, note: "slow"), producer: .booking)

            let run = Task { try await bus.run() }
            try await waitUntil("the bus connected") { bus.isConnected }
            try await waitUntilConsumerListed(broker)
            try await bus.publish(sent)
            try await started.wait()
            run.cancel()
            // The stop has begun while the handler is still busy; then the handler may finish.
            try await waitUntilConsumerCancelled(broker)
            await release.open()
            try await run.value

            #expect(await finished.values == [sent.messageId])
            #expect(!bus.isConnected)
            // Acknowledged, not requeued: the queue is empty (basic.get sees requeued messages at once).
            #expect(try await broker.getMessage(queue: "messaging-test.events") == nil)
            #expect(try await broker.getMessage(queue: "messaging-test.events.dead") == nil)
            await #expect(throws: MessagingError.self) { try await bus.publish(sent) }
        }
    }

    @Test func leavesUnstartedPrefetchedMessagesToTheBroker() async throws {
        try await withTestVirtualHost { broker in
            let started = Gate()
            let release = Gate()
            let handled = Recorder<Int>()
            let subscriptions = Subscriptions { s in
                s.on(OtherThingHappened.self) { envelope, _ in
                    await started.open()
                    try await release.wait()
                    await handled.append(envelope.payload.number)
                }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL, consumersPerQueue: 1),
                                 subscriptions: subscriptions, logger: testLogger)
            let batch = try (0..<5).map {
                try OutgoingMessage.event(Envelope(OtherThingHappened(number: $0), producer: .booking))
            }

            let run = Task { try await bus.run() }
            try await waitUntil("the bus connected") { bus.isConnected }
            try await waitUntilConsumerListed(broker)
            try await bus.publish(batch)
            try await started.wait()
            run.cancel()
            try await waitUntilConsumerCancelled(broker)
            await release.open()
            try await run.value

            // The one in flight was handled and acked; the four prefetched ones went back to the queue.
            #expect(await handled.values == [0])
            var remaining = 0
            while try await broker.getMessage(queue: "messaging-test.events") != nil { remaining += 1 }
            #expect(remaining == 4)
        }
    }

    @Test(arguments: [false, true])
    func shutdownEndsRun(withSubscriptions: Bool) async throws {
        try await withTestVirtualHost { broker in
            let subscriptions = withSubscriptions ? Subscriptions { s in s.on(ThingHappened.self) { _, _ in } }
                                                  : Subscriptions()
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL), subscriptions: subscriptions,
                                 logger: testLogger)
            let run = Task { try await bus.run() }
            try await waitUntil("the bus connected") { bus.isConnected }

            await bus.shutdown()
            try await run.value

            #expect(!bus.isConnected)
        }
    }
}

/// The broker lists the one consumer of `messaging-test.events` (its statistics are fresh enough to show a change).
private func waitUntilConsumerListed(_ broker: TestBroker) async throws {
    try await waitUntil("the broker lists the consumer") {
        try await broker.queueConsumers("messaging-test.events") == 1
    }
}

/// The consumer sent basic.cancel, which it does only after marking itself stopping: from then on it starts no
/// further delivery, and the broker lists no consumer.
private func waitUntilConsumerCancelled(_ broker: TestBroker) async throws {
    try await waitUntil("the consumer cancelled its subscription") {
        try await broker.queueConsumers("messaging-test.events") == 0
    }
}
