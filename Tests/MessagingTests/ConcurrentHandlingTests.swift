import Contracts
import Foundation
import Messaging
import TestSupport
import Testing

/// One consumer running several handlers at once: request queues by default, event queues only when a service
/// opts in.
@Suite struct ConcurrentHandlingTests {
    private func client(_ broker: TestBroker) throws -> MessageBus {
        MessageBus(configuration: try testConfiguration(broker.amqpURL, service: .messagingCaller), logger: testLogger)
    }

    @Test func slowRequestDoesNotBlockOtherRequestsOnTheSameConsumer() async throws {
        try await withTestVirtualHost { broker in
            let slowStarted = Gate()
            let releaseSlow = Gate()
            let subscriptions = Subscriptions { s in
                s.onRequest(Echo.self) { envelope, _ in
                    if envelope.payload.text == "slow" {
                        await slowStarted.open()
                        try await releaseSlow.wait()
                    }
                    return EchoReply(text: envelope.payload.text.uppercased())
                }
            }
            // One consumer: without concurrent handling the fast requests would wait behind the slow one.
            let server = MessageBus(configuration: try testConfiguration(broker.amqpURL, consumersPerQueue: 1),
                                    subscriptions: subscriptions, logger: testLogger)
            let client = try client(broker)

            let (fast, slow) = try await withRunningBus(server) {
                let slow = Task {
                    try await client.request(Envelope(Echo(text: "slow"), producer: .messagingCaller),
                                             timeout: .seconds(30)).payload.text
                }
                try await slowStarted.wait()
                var fast: [String] = []
                for index in 0..<5 {
                    fast.append(try await client.request(Envelope(Echo(text: "fast\(index)"),
                                                                  producer: .messagingCaller)).payload.text)
                }
                await releaseSlow.open()
                return (fast, try await slow.value)
            }
            await client.shutdown()

            #expect(fast == (0..<5).map { "FAST\($0)" })
            #expect(slow == "SLOW")
            #expect(try await broker.getMessage(queue: "messaging-test.rpc") == nil)
            #expect(try await broker.getMessage(queue: "messaging-test.rpc.dead") == nil)
        }
    }

    @Test func requestConcurrencyOfOneAnswersOneAtATime() async throws {
        try await withTestVirtualHost { broker in
            let running = RunningHandlers()
            let subscriptions = Subscriptions { s in
                s.onRequest(Echo.self) { envelope, _ in
                    await running.enter()
                    try await Task.sleep(for: .milliseconds(5))
                    await running.leave()
                    return EchoReply(text: envelope.payload.text)
                }
                s.allowConcurrentHandlers(1, on: .requests)
            }
            let server = MessageBus(configuration: try testConfiguration(broker.amqpURL, consumersPerQueue: 1),
                                    subscriptions: subscriptions, logger: testLogger)
            let client = try client(broker)

            let count = try await withRunningBus(server) {
                try await withThrowingTaskGroup(of: String.self) { group in
                    for index in 0..<30 {
                        group.addTask {
                            try await client.request(Envelope(Echo(text: "r\(index)"), producer: .messagingCaller),
                                                     timeout: .seconds(30)).payload.text
                        }
                    }
                    return try await group.reduce(into: 0) { count, _ in count += 1 }
                }
            }
            await client.shutdown()

            #expect(count == 30)
            #expect(await running.maximum == 1)
        }
    }

    @Test func eventsOfOneConsumerStayInOrderByDefault() async throws {
        try await withTestVirtualHost { broker in
            let handled = Recorder<Int>()
            let subscriptions = Subscriptions { s in
                s.on(OtherThingHappened.self) { envelope, _ in
                    // Later messages would overtake this one if handlers ran concurrently.
                    if envelope.payload.number % 5 == 0 { try await Task.sleep(for: .milliseconds(20)) }
                    await handled.append(envelope.payload.number)
                }
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL, consumersPerQueue: 1),
                                 subscriptions: subscriptions, logger: testLogger)
            let batch = try (0..<40).map {
                try OutgoingMessage.event(Envelope(OtherThingHappened(number: $0), producer: .booking))
            }

            let values = try await withRunningBus(bus) {
                try await bus.publish(batch)
                return try await handled.waitFor(count: 40)
            }

            #expect(values == Array(0..<40))
        }
    }

    @Test func optedInEventQueueHandlesOthersWhileOneIsSlowAndAcksEachOnce() async throws {
        try await withTestVirtualHost { broker in
            let slowStarted = Gate()
            let releaseSlow = Gate()
            let handled = Recorder<Int>()
            let attempts = Recorder<Int>()
            let subscriptions = Subscriptions { s in
                s.on(OtherThingHappened.self) { envelope, context in
                    let number = envelope.payload.number
                    if number == 0 {
                        await slowStarted.open()
                        try await releaseSlow.wait()
                    }
                    // Odd numbers fail on their first attempt: the retry still reaches the handler.
                    if number % 2 == 1 && context.attempt == 1 {
                        await attempts.append(number)
                        throw HandlerFailure(description: "first attempt of \(number)")
                    }
                    await handled.append(number)
                }
                s.allowConcurrentHandlers(4, on: .events)
            }
            let bus = MessageBus(configuration: try testConfiguration(broker.amqpURL, consumersPerQueue: 1),
                                 subscriptions: subscriptions, logger: testLogger)
            let batch = try (0..<20).map {
                try OutgoingMessage.event(Envelope(OtherThingHappened(number: $0), producer: .booking))
            }

            let values = try await withRunningBus(bus) {
                try await bus.publish(batch)
                try await slowStarted.wait()
                // Everything but the slow one gets handled while it still runs.
                let others = try await handled.waitFor(count: 19)
                await releaseSlow.open()
                _ = try await handled.waitFor(count: 20)
                #expect(!others.contains(0))
                // The barrier: the bus stops after finishing and acknowledging what it handles, so a duplicate (a
                // delivery acknowledged twice or requeued) is recorded by now or still in a queue (checked below).
                await bus.shutdown()
                return await handled.values
            }

            #expect(values.sorted() == Array(0..<20))
            #expect(await attempts.values.sorted() == [1, 3, 5, 7, 9, 11, 13, 15, 17, 19])
            for queue in try await broker.queueNames() {
                #expect(try await broker.getMessage(queue: queue) == nil, "a message left in \(queue)")
            }
        }
    }
}

/// How many handlers run at once, and the most seen.
private actor RunningHandlers {
    private var current = 0
    private(set) var maximum = 0

    func enter() {
        current += 1
        maximum = max(maximum, current)
    }

    func leave() {
        current -= 1
    }
}
