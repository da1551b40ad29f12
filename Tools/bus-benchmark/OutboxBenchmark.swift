import Contracts
import Database
import Foundation
import Logging
import Messaging

/// Outbox relay throughput: `count` events committed through `Outbox` (one event per transaction, 16 writers),
/// then drained by one `OutboxRelay` publishing with confirms to RabbitMQ. Needs a PostgreSQL role that may
/// create databases (`BENCH_DATABASE_URL`, or `ZG_TEST_PG_ADMIN_URL` as `./zg test` sets it up); it works in its
/// own database `zg_bench`, schema `outbox_bench`, recreated each run.
enum OutboxBenchmark {
    struct Result {
        var rows: Int
        var commitSeconds: Double
        var drainSeconds: Double

        var summary: String {
            String(format: "%d events: committed (1 per transaction, 16 writers) at %.0f tx/s; relayed at %.0f msg/s "
                + "(drained in %.2f s)", rows, Double(rows) / commitSeconds, Double(rows) / drainSeconds, drainSeconds)
        }
    }

    static func run(_ options: BenchmarkOptions, databaseURL: String, logger: Logger) async throws -> Result {
        let admin = DatabasePool(configuration: DatabaseConfiguration(url: databaseURL, poolSize: 1), logger: logger)
        try await DatabaseProvisioner(pool: admin, logger: logger).createDatabaseIfMissing("zg_bench")
        await admin.shutdown()
        let benchURL = try DatabaseConfiguration(url: databaseURL).replacingURL(database: "zg_bench").url
        let setup = DatabasePool(configuration: DatabaseConfiguration(url: benchURL, poolSize: 1), logger: logger)
        try await setup.execute("DROP SCHEMA IF EXISTS outbox_bench CASCADE")
        try await setup.execute("CREATE SCHEMA outbox_bench")
        await setup.shutdown()

        let pool = DatabasePool(configuration: DatabaseConfiguration(url: benchURL, poolSize: 8,
                                                                     searchPath: "outbox_bench"), logger: logger)
        do {
            let result = try await measure(options, pool: pool, logger: logger)
            await pool.shutdown()
            return result
        } catch {
            await pool.shutdown()
            throw error
        }
    }

    private static func measure(_ options: BenchmarkOptions, pool: DatabasePool, logger: Logger) async throws -> Result {
        _ = try await Migrator(pool: pool, schema: "outbox_bench", logger: logger)
            .migrate(MessagingMigrations.all, component: "messaging")

        let outbox = Outbox(producer: BusBenchmark.service, signal: OutboxSignal())
        let filler = String(repeating: "x", count: options.payloadBytes)
        let writers = 16
        let perWriter = options.count / writers
        let commitStart = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<writers {
                group.addTask {
                    for index in 0..<perWriter {
                        try await pool.withTransaction { transaction in
                            try await outbox.publish(BusBenchmark.BenchEvent(sequence: writer * perWriter + index,
                                                                             filler: filler), in: transaction)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let commitSeconds = Date().timeIntervalSince(commitStart)
        let rows = writers * perWriter

        // Nothing is bound to the benchmark's routing key, so the broker confirms and drops each message:
        // this measures the relay (claim, publish with confirms, mark), not a consumer.
        let bus = MessageBus(configuration: try BusConfiguration(url: options.url, service: BusBenchmark.service),
                             logger: logger)
        var configuration = OutboxRelayConfiguration()
        configuration.batchSize = 500
        let relay = OutboxRelay(pool: pool, bus: bus, configuration: configuration, signal: OutboxSignal(),
                                logger: logger)
        let drainStart = Date()
        while try await relay.relayBatch() > 0 {}
        let drainSeconds = Date().timeIntervalSince(drainStart)
        await bus.shutdown()
        guard try await relay.pendingCount() == 0 else {
            throw BenchmarkOptions.Invalid(description: "outbox not drained")
        }
        return Result(rows: rows, commitSeconds: commitSeconds, drainSeconds: drainSeconds)
    }
}
