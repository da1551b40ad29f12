import Contracts
import Foundation
import Messaging
import TestSupport
import Testing

@Suite struct RPCTests {
    private func server(_ broker: TestBroker, failing: (@Sendable (String) throws -> Void)? = nil) throws -> MessageBus {
        let subscriptions = Subscriptions { s in
            s.onRequest(Echo.self) { envelope, _ in
                try failing?(envelope.payload.text)
                return EchoReply(text: envelope.payload.text.uppercased())
            }
        }
        return MessageBus(configuration: try testConfiguration(broker.amqpURL), subscriptions: subscriptions,
                          logger: testLogger)
    }

    private func client(_ broker: TestBroker) throws -> MessageBus {
        MessageBus(configuration: try testConfiguration(broker.amqpURL, service: .messagingCaller), logger: testLogger)
    }

    @Test func answersRequestWithTypedResponse() async throws {
        try await withTestVirtualHost { broker in
            let server = try server(broker)
            let client = try client(broker)
            let request = Envelope(Echo(text: "салем"), producer: .messagingCaller)

            let response = try await withRunningBus(server) { try await client.request(request) }
            await client.shutdown()

            #expect(response.payload == EchoReply(text: "САЛЕМ"))
            #expect(response.type == EchoReply.messageType)
            #expect(response.correlationId == request.correlationId)
            #expect(response.causationId == request.messageId)
            #expect(response.producer == .messagingTest)
        }
    }

    @Test func answersConcurrentRequests() async throws {
        try await withTestVirtualHost { broker in
            let server = try server(broker)
            let client = try client(broker)

            let texts = try await withRunningBus(server) {
                try await withThrowingTaskGroup(of: String.self) { group in
                    for index in 0..<200 {
                        group.addTask {
                            try await client.request(Envelope(Echo(text: "r\(index)"), producer: .messagingCaller))
                                .payload.text
                        }
                    }
                    return try await group.reduce(into: Set<String>()) { $0.insert($1) }
                }
            }
            await client.shutdown()

            #expect(texts == Set((0..<200).map { "R\($0)" }))
        }
    }

    @Test func timesOutWhenNobodyConsumesTheQueue() async throws {
        try await withTestVirtualHost { broker in
            try await broker.declareQueue("messaging-test.rpc", boundTo: Topology.rpcExchange, exchangeType: "direct",
                                          routingKey: Echo.messageType.rawValue)
            let client = try client(broker)

            // Several at once, each must come back with its own timeout (no continuation leaks or mix-ups).
            let errors = await withTaskGroup(of: RPCError?.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        do {
                            _ = try await client.request(Envelope(Echo(text: "anyone?"), producer: .messagingCaller),
                                                         timeout: .milliseconds(300))
                            return nil
                        } catch {
                            return error as? RPCError
                        }
                    }
                }
                return await group.reduce(into: [RPCError?]()) { $0.append($1) }
            }
            await client.shutdown()

            #expect(errors == Array(repeating: .timeout, count: 5))
            // The requests expire in the queue instead of waiting for a server that would answer nobody.
            try await waitUntil("the expired requests left the queue") {
                try await broker.getMessage(queue: "messaging-test.rpc") == nil
            }
        }
    }

    @Test func failsUnavailableWhenNoQueueIsBound() async throws {
        try await withTestVirtualHost { broker in
            let client = try client(broker)
            await #expect(throws: RPCError.unavailable) {
                _ = try await client.request(Envelope(Echo(text: "hello?"), producer: .messagingCaller))
            }
            await client.shutdown()
        }
    }

    @Test func mapsHandlerErrorsToRemoteErrors() async throws {
        try await withTestVirtualHost { broker in
            let server = try server(broker) { text in
                if text == "missing" { throw RPCRemoteError(code: "not_found", message: "no such listing") }
                if text == "crash" { throw HandlerFailure(description: "secret internal detail") }
            }
            let client = try client(broker)

            let (missing, crash) = try await withRunningBus(server) {
                let missing = await #expect(throws: RPCError.self) {
                    try await client.request(Envelope(Echo(text: "missing"), producer: .messagingCaller))
                }
                let crash = await #expect(throws: RPCError.self) {
                    try await client.request(Envelope(Echo(text: "crash"), producer: .messagingCaller))
                }
                return (missing, crash)
            }
            await client.shutdown()

            #expect(missing == .remote(code: "not_found", message: "no such listing"))
            guard case let .remote(code, message) = crash else {
                Issue.record("expected a remote error, got \(String(describing: crash))")
                return
            }
            #expect(code == "internal")
            #expect(!message.contains("secret"))
        }
    }

    @Test func cancellingAWaitingRequestReturnsPromptly() async throws {
        try await withTestVirtualHost { broker in
            try await broker.declareQueue("messaging-test.rpc", boundTo: Topology.rpcExchange, exchangeType: "direct",
                                          routingKey: Echo.messageType.rawValue)
            let client = try client(broker)
            let task = Task {
                try await client.request(Envelope(Echo(text: "wait"), producer: .messagingCaller),
                                         timeout: .seconds(600))
            }
            // Nobody answers: once the request is in the queue the client is waiting for its reply (taking the
            // request out with basic.get changes nothing for the client).
            try await waitUntil("the request is in the queue") {
                try await broker.getMessage(queue: "messaging-test.rpc") != nil
            }
            task.cancel()
            await #expect(throws: CancellationError.self) { try await task.value }
            await client.shutdown()
        }
    }
}
