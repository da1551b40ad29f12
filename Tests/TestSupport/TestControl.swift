import Foundation

/// Stops and restarts the shared servers through `$ZG_TEST_CONTROL` (scripts/test-control.sh).
/// Only suites named `Disruptive…` may use it: the test script runs them alone, one at a time.
public enum TestControl {
    public static func broker(_ action: String) throws { try run(["broker", action]) }
    public static func database(_ action: String) throws { try run(["database", action]) }

    static func run(_ arguments: [String]) throws {
        guard let script = ProcessInfo.processInfo.environment["ZG_TEST_CONTROL"], !script.isEmpty else {
            throw MissingTestVariable(name: "ZG_TEST_CONTROL")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = arguments
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ControlFailed(arguments: arguments, status: process.terminationStatus)
        }
    }

    struct ControlFailed: Error, CustomStringConvertible {
        let arguments: [String]
        let status: Int32
        var description: String { "ZG_TEST_CONTROL \(arguments.joined(separator: " ")) exited with \(status)" }
    }
}

public struct MissingTestVariable: Error, CustomStringConvertible {
    public let name: String
    public init(name: String) { self.name = name }
    public var description: String {
        "\(name) is not set: run the tests with ./zg test, which starts PostgreSQL and RabbitMQ and sets it"
    }
}
