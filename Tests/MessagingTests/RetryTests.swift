import Contracts
import Foundation
import Messaging
import TestSupport
import Testing

@Suite struct RetryTests {
    @Test func retriesFailingHandlerWithBackoffThenDeadLetters() async throws {
        try await withTestVirtualHost { broker in
            let attempts = Recorder<Int>()
            let subscriptions = Subscriptions { s in
                s.on(ThingHappened.self) { _, context in
                    await attempts.append(context.attempt)
                    throw HandlerFailure(description: "database unavailable")
                }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL), subscriptions: subscriptions,
                                 logger: testLogger)
            let sent = Envelope(ThingHappened(number: 1, note: "doomed"), producer: .booking, occurredAt: exactInstant)

            let dead = try await withRunningBus(bus) {
                try await bus.publish(sent)
                var dead: TestBroker.Message?
                try await waitUntil("the message is dead-lettered") {
                    dead = try await broker.getMessage(queue: "messaging-test.events.dead")
                    return dead != nil
                }
                return dead
            }

            // Two retry delays: three attempts, then the dead-letter queue.
            #expect(await attempts.values == [1, 2, 3])
            let message = try #require(dead)
            #expect(message.properties["message_id"] == sent.messageId.uuidString)
            #expect(message.headers["x-original-queue"] == "messaging-test.events")
            #expect(message.headers["x-attempt"] == "3")
            #expect(message.headers["x-last-error"]?.contains("database unavailable") == true)
            #expect(try RawEnvelope(body: Data(message.payload.utf8)).decode(ThingHappened.self) == sent)
        }
    }

    @Test func handlesMessageAfterOneRetry() async throws {
        try await withTestVirtualHost { broker in
            let attempts = Recorder<Int>()
            let handled = Recorder<UUID>()
            let subscriptions = Subscriptions { s in
                s.onCommand(DoThing.self) { envelope, context in
                    await attempts.append(context.attempt)
                    if context.attempt == 1 { throw HandlerFailure(description: "transient") }
                    await handled.append(envelope.messageId)
                }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL), subscriptions: subscriptions,
                                 logger: testLogger)
            let command = Envelope(DoThing(number: 2), producer: .gateway)

            let ids = try await withRunningBus(bus) {
                try await bus.send(command)
                let ids = try await handled.waitFor(count: 1)
                try await broker.waitForQueueDepth("messaging-test.commands") { $0 == 0 }
                return ids
            }

            #expect(ids == [command.messageId])
            #expect(await attempts.values == [1, 2])
            #expect(try await broker.getMessage(queue: "messaging-test.commands.dead") == nil)
            #expect(try await broker.getMessage(queue: "messaging-test.commands") == nil)
        }
    }

    @Test func deadLettersMalformedBodyAndUnknownType() async throws {
        try await withTestVirtualHost { broker in
            let handled = Recorder<Int>()
            let subscriptions = Subscriptions { s in
                s.on(ThingHappened.self) { envelope, _ in await handled.append(envelope.payload.number) }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL), subscriptions: subscriptions,
                                 logger: testLogger)
            // A valid envelope of a type nobody here handles, routed by a bound key.
            let stranger = try RawEnvelope(Envelope(OtherThingHappened(number: 5), producer: .analytics))
            // A valid envelope whose payload does not match its declared type.
            let mismatched = #"{"correlationId":"6F0C2B3E-9E51-4C36-9C1B-2B9A0E8D4C11","messageId":"6F0C2B3E-9E51-4C36-9C1B-2B9A0E8D4C11","occurredAt":"2026-11-25T08:40:43.123Z","payload":{"unexpected":true},"producer":"booking","type":"test.thing.happened.v1"}"#

            let dead = try await withRunningBus(bus) {
                let key = ThingHappened.messageType.rawValue
                #expect(try await broker.publishRaw(exchange: Topology.eventsExchange, routingKey: key,
                                                    payload: "{not json"))
                #expect(try await broker.publishRaw(exchange: Topology.eventsExchange, routingKey: key,
                                                    payload: String(decoding: stranger.body, as: UTF8.self)))
                #expect(try await broker.publishRaw(exchange: Topology.eventsExchange, routingKey: key,
                                                    payload: mismatched))
                try await bus.publish(Envelope(ThingHappened(number: 42, note: "fine"), producer: .booking))
                _ = try await handled.waitFor(count: 1)
                var dead: [TestBroker.Message] = []
                try await waitUntil("three messages are dead-lettered") {
                    if let message = try await broker.getMessage(queue: "messaging-test.events.dead") {
                        dead.append(message)
                    }
                    return dead.count == 3
                }
                return dead
            }

            #expect(await handled.values == [42])
            // Two consumers: the dead letters may be in any order.
            let reasons = dead.map { $0.headers["x-last-error"] ?? "" }
            #expect(reasons.contains { $0.contains("malformed envelope") })
            #expect(reasons.contains { $0.contains("no handler for test.other.thing.happened.v1") })
            #expect(reasons.contains { $0.contains("cannot decode test.thing.happened.v1") })
            #expect(dead.contains { $0.payload == "{not json" })
            #expect(dead.allSatisfy { $0.headers["x-original-queue"] == "messaging-test.events" })
        }
    }

    @Test func redeclaresAVanishedRetryQueueInsteadOfLosingTheMessage() async throws {
        try await withTestVirtualHost { broker in
            let attempts = Recorder<Int>()
            let handled = Recorder<UUID>()
            let subscriptions = Subscriptions { s in
                s.on(ThingHappened.self) { envelope, context in
                    await attempts.append(context.attempt)
                    if await attempts.count < 3 { throw HandlerFailure(description: "not yet") }
                    await handled.append(envelope.messageId)
                }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL, consumersPerQueue: 1),
                                 subscriptions: subscriptions, logger: testLogger)
            let sent = Envelope(ThingHappened(number: 3, note: "persistent"), producer: .booking)

            let ids = try await withRunningBus(bus) {
                try await broker.deleteQueue("messaging-test.events.retry.100ms")
                try await bus.publish(sent)
                return try await handled.waitFor(count: 1)
            }

            #expect(ids == [sent.messageId])
            // The retry could not be stored: the delivery came back unacknowledged (same attempt), then the
            // re-declared retry queue worked.
            #expect(await attempts.values == [1, 1, 2])
        }
    }
}
