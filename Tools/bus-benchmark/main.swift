import Foundation
import Logging

// Measures RabbitMQ throughput on this machine: persistent publish + consume with publisher confirms,
// first with plain librabbitmq, then through MessageBus, and prints both and their ratio.

let options: BenchmarkOptions
do {
    options = try BenchmarkOptions(arguments: Array(CommandLine.arguments.dropFirst()),
                                   environment: ProcessInfo.processInfo.environment)
} catch {
    FileHandle.standardError.write(Data("bus-benchmark: \(error)\n".utf8))
    exit(2)
}

var logger = Logger(label: "bus-benchmark")
logger.logLevel = .warning

do {
    print("bus-benchmark: \(options.count) persistent messages of \(options.payloadBytes) payload bytes")
    var raw: BenchmarkResult?
    var bus: BenchmarkResult?
    if options.only == nil || options.only == "raw" {
        let result = try await RawBenchmark.run(options, endpoint: Endpoint(url: options.url))
        print("raw librabbitmq (confirm window \(options.rawConfirmWindow), prefetch \(options.rawPrefetch)): "
            + result.summary)
        raw = result
    }
    if options.only == nil || options.only == "bus" {
        let result = try await BusBenchmark.run(options, logger: logger)
        print("MessageBus (\(options.publishers) concurrent publishers, \(options.consumersPerQueue) consumers × "
            + "prefetch \(options.prefetch)): \(result.summary)")
        bus = result
    }
    if let raw, let bus {
        print(String(format: "ratio MessageBus / raw: %.0f %%", bus.rate / raw.rate * 100))
    }
    let environment = ProcessInfo.processInfo.environment
    if options.only == nil || options.only == "outbox",
       let databaseURL = environment["BENCH_DATABASE_URL"] ?? environment["ZG_TEST_PG_ADMIN_URL"]
    {
        let result = try await OutboxBenchmark.run(options, databaseURL: databaseURL, logger: logger)
        print("outbox relay (batch 500, one relay): " + result.summary)
    } else if options.only == "outbox" {
        throw BenchmarkOptions.Invalid(description: "set BENCH_DATABASE_URL (or ZG_TEST_PG_ADMIN_URL) for the outbox run")
    }
} catch {
    FileHandle.standardError.write(Data("bus-benchmark: \(error)\n".utf8))
    exit(1)
}
