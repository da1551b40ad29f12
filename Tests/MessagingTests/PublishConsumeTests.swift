import Contracts
import Foundation
import Messaging
import TestSupport
import Testing

@Suite struct PublishConsumeTests {
    @Test func deliversPublishedEventWithEnvelopeMetadata() async throws {
        try await withTestVirtualHost { broker in
            let received = Recorder<(Envelope<ThingHappened>, MessageContext)>()
            let subscriptions = Subscriptions { s in
                s.on(ThingHappened.self) { envelope, context in await received.append((envelope, context)) }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL), subscriptions: subscriptions,
                                 logger: testLogger)
            let cause = UUID()
            let correlation = UUID()
            let sent = Envelope(ThingHappened(number: 7, note: "жильё"), producer: .booking,
                                occurredAt: Date(timeIntervalSince1970: 1_795_000_000.250),
                                correlationId: correlation, causationId: cause)

            let (envelope, context) = try await withRunningBus(bus) {
                try await bus.publish(sent)
                return try await received.waitFor(count: 1)[0]
            }

            #expect(envelope == sent)
            #expect(envelope.messageId == sent.messageId)
            #expect(envelope.correlationId == correlation)
            #expect(envelope.causationId == cause)
            #expect(envelope.type == ThingHappened.messageType)
            #expect(context.metadata == sent.metadata)
            #expect(context.queue == "messaging-test.events")
            #expect(context.attempt == 1)
            #expect(!context.redelivered)
        }
    }

    @Test func mirrorsEnvelopeInAMQPProperties() async throws {
        try await withTestVirtualHost { broker in
            try await broker.declareQueue("observer", boundTo: Topology.eventsExchange,
                                          routingKey: ThingHappened.messageType.rawValue)
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL), logger: testLogger)
            let sent = Envelope(ThingHappened(number: 1, note: "x"), producer: .catalog,
                                occurredAt: Date(timeIntervalSince1970: 1_795_000_000), causationId: UUID())

            try await bus.publish(sent)
            await bus.shutdown()

            let message = try #require(try await broker.getMessage(queue: "observer"))
            #expect(message.routingKey == "test.thing.happened.v1")
            #expect(message.properties["message_id"] == sent.messageId.uuidString)
            #expect(message.properties["type"] == "test.thing.happened.v1")
            #expect(message.properties["correlation_id"] == sent.correlationId.uuidString)
            #expect(message.properties["content_type"] == "application/json")
            #expect(message.properties["delivery_mode"] == "2")
            #expect(message.properties["timestamp"] == "1795000000")
            #expect(message.properties["app_id"] == "catalog")
            #expect(message.headers["x-causation-id"] == sent.causationId?.uuidString)
            let decoded = try RawEnvelope(body: Data(message.payload.utf8)).decode(ThingHappened.self)
            #expect(decoded == sent)
        }
    }

    @Test func consumesThousandMessagesExactlyOnce() async throws {
        try await withTestVirtualHost { broker in
            let received = Recorder<UUID>()
            let subscriptions = Subscriptions { s in
                s.on(ThingHappened.self) { envelope, _ in await received.append(envelope.messageId) }
                s.on(OtherThingHappened.self) { envelope, _ in await received.append(envelope.messageId) }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL, prefetch: 10,
                                                                      consumersPerQueue: 2),
                                 subscriptions: subscriptions, logger: testLogger)
            let envelopes = try (0..<1000).map { number in
                number.isMultiple(of: 2)
                    ? try OutgoingMessage.event(Envelope(ThingHappened(number: number, note: ""), producer: .booking))
                    : try OutgoingMessage.event(Envelope(OtherThingHappened(number: number), producer: .booking))
            }

            let ids = try await withRunningBus(bus) {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for chunk in stride(from: 0, to: envelopes.count, by: 50) {
                        group.addTask { try await bus.publish(Array(envelopes[chunk..<chunk + 50])) }
                    }
                    try await group.waitForAll()
                }
                _ = try await received.waitFor(count: 1000)
                // Every message acknowledged: nothing ready or unacked any more (statistics lag a little).
                let depth = try await broker.waitForQueueDepth("messaging-test.events") { $0 == 0 }
                #expect(depth == 0)
                return await received.values
            }

            #expect(ids.count == 1000)
            #expect(Set(ids) == Set(envelopes.map(\.envelope.metadata.messageId)))
        }
    }

    @Test func batchPublishReturnsAfterEveryMessageIsConfirmed() async throws {
        try await withTestVirtualHost { broker in
            try await broker.declareQueue("sink", boundTo: Topology.eventsExchange, routingKey: "#")
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL), logger: testLogger)
            let batch = try (0..<500).map {
                try OutgoingMessage.event(Envelope(OtherThingHappened(number: $0), producer: .payments))
            }

            try await bus.publish(batch)
            await bus.shutdown()

            // Confirmed persistent messages are in the queue; basic.get sees them without statistics lag.
            var taken = 0
            while try await broker.getMessage(queue: "sink") != nil { taken += 1 }
            #expect(taken == 500)
        }
    }

    @Test func sendsCommandToDestinationQueue() async throws {
        try await withTestVirtualHost { broker in
            let received = Recorder<Envelope<DoThing>>()
            let subscriptions = Subscriptions { s in
                s.onCommand(DoThing.self) { envelope, _ in await received.append(envelope) }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL), subscriptions: subscriptions,
                                 logger: testLogger)
            let command = Envelope(DoThing(number: 3), producer: .gateway, occurredAt: exactInstant)

            let envelopes = try await withRunningBus(bus) {
                try await bus.send(command)
                return try await received.waitFor(count: 1)
            }

            #expect(envelopes == [command])
        }
    }

    @Test func failsCommandWhoseDestinationNeverDeclaredItsQueue() async throws {
        try await withTestVirtualHost { broker in
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL, service: .messagingCaller),
                                 logger: testLogger)
            let error = await #expect(throws: MessagingError.self) {
                try await bus.send(Envelope(DoThing(number: 1), producer: .gateway))
            }
            #expect(error?.kind == .unroutable)
            await bus.shutdown()
        }
    }

    @Test func declaresRetryAndDeadLetterQueues() async throws {
        try await withTestVirtualHost { broker in
            let subscriptions = Subscriptions { s in
                s.on(ThingHappened.self) { _, _ in }
                s.onCommand(DoThing.self) { _, _ in }
                s.onRequest(Echo.self) { envelope, _ in EchoReply(text: envelope.payload.text) }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL), subscriptions: subscriptions,
                                 logger: testLogger)

            let names = try await withRunningBus(bus) { try await broker.queueNames() }

            #expect(Set(names) == [
                "messaging-test.events", "messaging-test.events.dead",
                "messaging-test.events.retry.100ms", "messaging-test.events.retry.200ms",
                "messaging-test.commands", "messaging-test.commands.dead",
                "messaging-test.commands.retry.100ms", "messaging-test.commands.retry.200ms",
                "messaging-test.rpc", "messaging-test.rpc.dead",
            ])
            let retry = try #require(try await broker.queueArguments("messaging-test.events.retry.200ms"))
            #expect(retry["x-message-ttl"] == "200")
            #expect(retry["x-dead-letter-exchange"] == "")
            #expect(retry["x-dead-letter-routing-key"] == "messaging-test.events")
        }
    }

    @Test func rejectsSubscriptionsForAnotherService() async throws {
        let subscriptions = Subscriptions { s in s.onCommand(DoThing.self) { _, _ in } }
        let bus = MessageBus(configuration: try testConfiguration("amqp://127.0.0.1:1/", service: .booking),
                             subscriptions: subscriptions, logger: testLogger)
        let error = await #expect(throws: MessagingError.self) { try await bus.run() }
        #expect(error?.kind == .configuration)
    }
}
