import Foundation

/// Reads the RabbitMQ variables of the test infrastructure contract; fails naming the variable that is missing.
public enum TestBrokerEnvironment {
    /// `ZG_TEST_AMQP_URL`: `amqp://zhilyego_test:<pw>@127.0.0.1:5672/` (a user tagged administrator).
    public static func amqpURL() throws -> String { try require("ZG_TEST_AMQP_URL") }

    /// `ZG_TEST_RABBITMQ_MANAGEMENT_URL`: `http://127.0.0.1:15672` (same user and password as AMQP).
    public static func managementURL() throws -> URL {
        let text = try require("ZG_TEST_RABBITMQ_MANAGEMENT_URL")
        guard let url = URL(string: text) else {
            throw TestBrokerEnvironmentError(description: "ZG_TEST_RABBITMQ_MANAGEMENT_URL is not a URL")
        }
        return url
    }

    /// `ZG_TEST_CONTROL`: the script taking the shared servers down and up (`broker stop|start`).
    public static func controlScript() throws -> String { try require("ZG_TEST_CONTROL") }

    static func require(_ name: String) throws -> String {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else {
            throw TestBrokerEnvironmentError(
                description: "environment variable \(name) is not set: run the tests through the test script, "
                    + "which starts RabbitMQ and sets it, or export it yourself")
        }
        return value
    }
}

public struct TestBrokerEnvironmentError: Error, CustomStringConvertible {
    public let description: String
}
