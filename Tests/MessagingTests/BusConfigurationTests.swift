import Contracts
import Messaging
import Testing

@Suite struct BusConfigurationTests {
    @Test func parsesURLWithDefaults() throws {
        let configuration = try BusConfiguration(url: "amqp://broker.local", service: "booking")
        #expect(configuration.redactedURL == "amqp://guest:***@broker.local:5672/%2F")
        #expect(configuration.prefetch == 50)
        #expect(configuration.consumersPerQueue == 2)
        #expect(configuration.retryDelays == [.milliseconds(500), .seconds(5), .seconds(30)])
        #expect(configuration.rpcTimeout == .seconds(5))
        #expect(configuration.heartbeat == .seconds(30))
        #expect(configuration.reconnectBackoffMin == .milliseconds(100))
        #expect(configuration.reconnectBackoffMax == .seconds(5))
    }

    @Test(arguments: [
        ("amqp://u:p@h:5673/", "amqp://u:***@h:5673/%2F"),
        ("amqp://u:p@h/%2F", "amqp://u:***@h:5672/%2F"),
        ("amqp://u:p@h/zhilyego", "amqp://u:***@h:5672/zhilyego"),
        ("amqp://us%40er:p%3Ass@h/v%2Fx", "amqp://us%40er:***@h:5672/v%2Fx"),
    ])
    func decodesUserAndVirtualHost(url: String, redacted: String) throws {
        #expect(try BusConfiguration(url: url, service: "booking").redactedURL == redacted)
    }

    @Test func neverShowsThePasswordInErrorsOrRedactedURL() throws {
        let configuration = try BusConfiguration(url: "amqp://user:s3cret@host/", service: "booking")
        #expect(!configuration.redactedURL.contains("s3cret"))
        let error = #expect(throws: MessagingError.self) {
            try BusConfiguration(url: "http://user:s3cret@host/", service: "booking")
        }
        #expect(error?.kind == .configuration)
        #expect(error.map { !"\($0)".contains("s3cret") } == true)
    }

    @Test(arguments: ["not a url", "amqp://", "amqps://h/", "amqp://h/a/b", "amqp://h:0/"])
    func rejectsInvalidURLs(url: String) {
        #expect(throws: MessagingError.self) { try BusConfiguration(url: url, service: "booking") }
    }

    @Test func rejectsInvalidNumbers() {
        #expect(throws: MessagingError.self) { try BusConfiguration(url: "amqp://h", service: "b", prefetch: 0) }
        #expect(throws: MessagingError.self) {
            try BusConfiguration(url: "amqp://h", service: "b", consumersPerQueue: 0)
        }
        #expect(throws: MessagingError.self) {
            try BusConfiguration(url: "amqp://h", service: "b", retryDelays: [.zero])
        }
    }
}
