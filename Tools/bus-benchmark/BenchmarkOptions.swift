import Foundation

/// Options from arguments (`--url`, `--count`, `--payload`, `--publishers`) or the environment
/// (`BENCH_AMQP_URL` or `ZG_TEST_AMQP_URL`, `BENCH_COUNT`, `BENCH_PAYLOAD_BYTES`, `BENCH_PUBLISHERS`).
struct BenchmarkOptions {
    var url: String
    var count = 100_000
    var payloadBytes = 256
    /// Concurrent tasks publishing through the MessageBus (each awaits its own confirm).
    var publishers = 200
    /// Unconfirmed messages the raw publisher keeps in flight.
    var consumersPerQueue = 2
    var prefetch = 50
    var rawConfirmWindow = 100
    var rawPrefetch = 100
    /// `raw` or `bus` to run only one side (profiling); both by default.
    var only: String?

    static let usage = """
        usage: bus-benchmark [--url amqp://user:pass@host:port/vhost] [--count N] [--payload BYTES] [--publishers N]
                             [--consumers N] [--prefetch N] [--only raw|bus|outbox]
        environment: BENCH_AMQP_URL (or ZG_TEST_AMQP_URL), BENCH_COUNT, BENCH_PAYLOAD_BYTES, BENCH_PUBLISHERS,
                     BENCH_CONSUMERS, BENCH_PREFETCH, BENCH_ONLY,
                     BENCH_DATABASE_URL (or ZG_TEST_PG_ADMIN_URL) for the outbox relay run
        """

    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    init(arguments: [String], environment: [String: String]) throws {
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let name = arguments[index]
            guard name.hasPrefix("--"), index + 1 < arguments.count else {
                throw Invalid(description: "unexpected argument \(name)\n\(Self.usage)")
            }
            values[String(name.dropFirst(2))] = arguments[index + 1]
            index += 2
        }
        func integer(_ option: String, _ variable: String, default value: Int) throws -> Int {
            guard let text = values[option] ?? environment[variable] else { return value }
            guard let number = Int(text), number > 0 else {
                throw Invalid(description: "--\(option) / \(variable) must be a positive integer")
            }
            return number
        }
        guard let url = values["url"] ?? environment["BENCH_AMQP_URL"] ?? environment["ZG_TEST_AMQP_URL"] else {
            throw Invalid(description: "set BENCH_AMQP_URL (or ZG_TEST_AMQP_URL) or pass --url\n\(Self.usage)")
        }
        self.url = url
        only = values["only"] ?? environment["BENCH_ONLY"]
        guard only == nil || only == "raw" || only == "bus" || only == "outbox" else {
            throw Invalid(description: "--only / BENCH_ONLY must be raw, bus or outbox")
        }
        count = try integer("count", "BENCH_COUNT", default: count)
        payloadBytes = try integer("payload", "BENCH_PAYLOAD_BYTES", default: payloadBytes)
        publishers = try integer("publishers", "BENCH_PUBLISHERS", default: publishers)
        consumersPerQueue = try integer("consumers", "BENCH_CONSUMERS", default: consumersPerQueue)
        prefetch = try integer("prefetch", "BENCH_PREFETCH", default: prefetch)
    }
}

struct BenchmarkResult {
    var messages: Int
    var seconds: Double
    /// When the last publish was confirmed.
    var publishedAfter: Double
    /// CPU time (user + system) this process spent, all threads.
    var cpuSeconds: Double

    var rate: Double { Double(messages) / seconds }

    var summary: String {
        String(format: "%d messages in %.2f s = %.0f msg/s (all confirmed after %.2f s; %.1f µs CPU per message here)",
               messages, seconds, rate, publishedAfter, cpuSeconds / Double(messages) * 1e6)
    }
}

/// CPU time used by this process so far (user + system, all threads).
func processCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}
