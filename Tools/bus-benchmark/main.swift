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
    if options.only != "bus" {
        let result = try await RawBenchmark.run(options, endpoint: Endpoint(url: options.url))
        print("raw librabbitmq (confirm window \(options.rawConfirmWindow), prefetch \(options.rawPrefetch)): "
            + result.summary)
        raw = result
    }
    if options.only != "raw" {
        let result = try await BusBenchmark.run(options, logger: logger)
        print("MessageBus (\(options.publishers) concurrent publishers, \(options.consumersPerQueue) consumers × "
            + "prefetch \(options.prefetch)): \(result.summary)")
        bus = result
    }
    if let raw, let bus {
        print(String(format: "ratio MessageBus / raw: %.0f %%", bus.rate / raw.rate * 100))
    }
} catch {
    FileHandle.standardError.write(Data("bus-benchmark: \(error)\n".utf8))
    exit(1)
}
