import Foundation

/// What the benchmark runs with, from environment variables (`./zg bench notifier` fills them in):
///
/// - `BENCH_PG_ADMIN_URL` (or `ZG_TEST_PG_ADMIN_URL`): a role that may create databases and roles; a scratch
///   database and a notifier role are created and dropped again.
/// - `BENCH_AMQP_URL` (or `ZG_TEST_AMQP_URL`): a RabbitMQ administrator; `BENCH_RABBITMQ_MANAGEMENT_URL` (or
///   `ZG_TEST_RABBITMQ_MANAGEMENT_URL`, default http://127.0.0.1:15672) to create and delete a scratch vhost.
/// - `BENCH_PRODUCTS_DIR`: where the `notifier` and `telegram-sandbox` executables are (default .build/release).
/// - Limits off: `BENCH_OFF_MESSAGES` (20000), `BENCH_OFF_CHATS` (1000), `BENCH_OFF_WORKERS` (4),
///   `BENCH_OFF_BATCH` (10).
/// - Limits on: `BENCH_ON_MESSAGES` (10000), `BENCH_ON_CHATS` (500); the notifier's default limits (28/s overall,
///   0.95/s per chat) and the sandbox's Telegram-like ones (30/s overall, 1/s per chat, bursts of 5).
/// - `BENCH_PHASES`: `off,on` (default), `off` or `on`.
struct BenchmarkSettings: Sendable {
    var adminURL: String
    var amqpURL: String
    var managementURL: String
    var productsDirectory: String
    var offMessages: Int
    var offChats: Int
    var offWorkers: Int
    var offBatch: Int
    var onMessages: Int
    var onChats: Int
    var phases: Set<String>

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    static func load(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> BenchmarkSettings
    {
        func first(_ names: String...) -> String? {
            names.lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        }
        func number(_ name: String, _ defaultValue: Int, _ range: ClosedRange<Int>) throws -> Int {
            guard let text = environment[name], !text.isEmpty else { return defaultValue }
            guard let value = Int(text), range.contains(value) else {
                throw Invalid(description: "\(name) must be an integer in \(range.lowerBound)…\(range.upperBound)")
            }
            return value
        }
        guard let adminURL = first("BENCH_PG_ADMIN_URL", "ZG_TEST_PG_ADMIN_URL") else {
            throw Invalid(description: "set BENCH_PG_ADMIN_URL or ZG_TEST_PG_ADMIN_URL (./zg bench notifier does)")
        }
        guard let amqpURL = first("BENCH_AMQP_URL", "ZG_TEST_AMQP_URL") else {
            throw Invalid(description: "set BENCH_AMQP_URL or ZG_TEST_AMQP_URL (./zg bench notifier does)")
        }
        let phases = Set((environment["BENCH_PHASES"] ?? "off,on").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        })
        guard !phases.isEmpty, phases.isSubset(of: ["off", "on"]) else {
            throw Invalid(description: "BENCH_PHASES must be off, on or off,on")
        }
        let settings = BenchmarkSettings(
            adminURL: adminURL, amqpURL: amqpURL,
            managementURL: first("BENCH_RABBITMQ_MANAGEMENT_URL", "ZG_TEST_RABBITMQ_MANAGEMENT_URL")
                ?? "http://127.0.0.1:15672",
            productsDirectory: first("BENCH_PRODUCTS_DIR") ?? FileManager.default.currentDirectoryPath
                + "/.build/release",
            offMessages: try number("BENCH_OFF_MESSAGES", 20_000, 1...1_000_000),
            offChats: try number("BENCH_OFF_CHATS", 1000, 1...100_000),
            offWorkers: try number("BENCH_OFF_WORKERS", 4, 1...64),
            offBatch: try number("BENCH_OFF_BATCH", 10, 1...100),
            onMessages: try number("BENCH_ON_MESSAGES", 10_000, 1...1_000_000),
            onChats: try number("BENCH_ON_CHATS", 500, 1...100_000),
            phases: phases)
        return settings
    }
}
