import Contracts
import Foundation
import Messaging
import Testing

/// A broker that is not there (nothing listens on the port): no shared infrastructure is touched.
@Suite struct UnreachableBrokerTests {
    private func bus() throws -> MessageBus {
        let configuration = try BusConfiguration(url: "amqp://nobody:secret@127.0.0.1:1/", service: .messagingCaller,
                                                 rpcTimeout: .milliseconds(300),
                                                 publishTimeout: .milliseconds(300))
        return MessageBus(configuration: configuration, logger: testLogger)
    }

    @Test func failsPublishWithNotConnectedAfterThePublishTimeout() async throws {
        let bus = try bus()
        let error = await #expect(throws: MessagingError.self) {
            try await bus.publish(Envelope(ThingHappened(number: 1, note: ""), producer: .booking))
        }
        #expect(error?.kind == .notConnected)
        #expect(error.map { !"\($0)".contains("secret") } == true)
        #expect(!bus.isConnected)
        await bus.shutdown()
    }

    @Test func failsRequestAsUnavailable() async throws {
        let bus = try bus()
        await #expect(throws: RPCError.unavailable) {
            _ = try await bus.request(Envelope(Echo(text: "?"), producer: .messagingCaller))
        }
        await bus.shutdown()
    }

    @Test func refusesToPublishAfterShutdown() async throws {
        let bus = try bus()
        await bus.shutdown()
        let error = await #expect(throws: MessagingError.self) {
            try await bus.publish(Envelope(ThingHappened(number: 1, note: ""), producer: .booking))
        }
        #expect(error?.kind == .shutdown)
    }
}
