import Contracts
import Database
import Foundation
import Testing
import TestSupport

/// The seven real executables against real PostgreSQL and RabbitMQ.
@Suite struct ServiceStartupTests {
    @Test func everyServiceStartsMigratesAndReportsHealthy() async throws {
        try await PlatformHarness.with { platform in
            var processes: [ServiceProcess] = []
            for service in ServiceName.all { processes.append(try await platform.start(service)) }
            for process in processes {
                try await waitUntil("\(process.name) is ready", diagnostics: { process.log }) {
                    (try? await HTTPProbe.get("http://127.0.0.1:\(process.port)/readyz"))?.status == 200
                }
                let ready = try await HTTPProbe.get("http://127.0.0.1:\(process.port)/readyz")
                #expect(ready.body.contains("\"check.database\":\"ok\""))
                #expect(ready.body.contains("\"check.broker\":\"ok\""))
                let metrics = try await HTTPProbe.get("http://127.0.0.1:\(process.port)/metrics")
                #expect(metrics.status == 200)
                let versions = try await platform.database.adminPool.query("""
                    SELECT component, max(version) AS version FROM \(identifier: process.name).schema_migrations
                    GROUP BY component ORDER BY component
                    """)
                #expect(try versions.map { try $0.decode("component", as: String.self) } == ["messaging", "service"])
            }
            for process in processes { #expect(await process.terminate() == 0, "\(process.name) stops cleanly") }
        }
    }

    /// One service publishes through its outbox, another consumes it exactly once: analytics records the
    /// ServiceStarted of every instance once, however often it is delivered.
    @Test func serviceStartsTravelThroughTheOutboxAndAreRecordedOnce() async throws {
        try await PlatformHarness.with { platform in
            let analytics = try await platform.start(.analytics)
            let catalog = try await platform.start(.catalog)
            let booking = try await platform.start(.booking)
            try await waitUntil("analytics recorded three starts", diagnostics: { analytics.log }) {
                try await platform.database.adminPool.query(
                    "SELECT instance_id FROM analytics.service_starts").count == 3
            }
            let rows = try await platform.database.adminPool.query(
                "SELECT service FROM analytics.service_starts ORDER BY service")
            #expect(try rows.map { try $0.decode("service", as: String.self) } == ["analytics", "booking", "catalog"])
            let pending = try await platform.database.adminPool.query(
                "SELECT count(*) AS n FROM catalog.outbox WHERE published_at IS NULL")
            #expect(try pending.first?.decode("n", as: Int.self) == 0)
            for process in [analytics, catalog, booking] { await process.terminate() }
        }
    }

    @Test func twoInstancesStartingTogetherMigrateOnce() async throws {
        try await PlatformHarness.with { platform in
            async let first = platform.start(.catalog)
            async let second = platform.start(.catalog)
            let instances = try await [first, second]
            let rows = try await platform.database.adminPool.query("""
                SELECT component, version, count(*) AS n FROM catalog.schema_migrations GROUP BY component, version
                """)
            #expect(!rows.isEmpty)
            for row in rows { #expect(try row.decode("n", as: Int.self) == 1) }
            for instance in instances { #expect(await instance.terminate() == 0) }
        }
    }
}

@Suite struct ServiceConfigurationErrorTests {
    static func run(_ service: String, environment: [String: String]) async throws -> (Int32, String) {
        let process = try ServiceProcess(name: service, port: 0, environment: environment)
        let status = await process.waitForExit(deadline: .seconds(30))
        return (status, process.log)
    }

    @Test func missingDatabaseURLStopsTheServiceNamingIt() async throws {
        let (status, log) = try await Self.run("catalog", environment: ["AMQP_URL": "amqp://u:p@127.0.0.1/x"])
        #expect(status == 78)
        #expect(log.contains("DATABASE_URL"))
    }

    @Test func malformedPortStopsTheServiceNamingIt() async throws {
        let (status, log) = try await Self.run("booking", environment: [
            "DATABASE_URL": "postgres://u:p@127.0.0.1/zhilyego", "AMQP_URL": "amqp://u:p@127.0.0.1/x",
            "HTTP_PORT": "eighty",
        ])
        #expect(status == 78)
        #expect(log.contains("HTTP_PORT"))
    }

    @Test func malformedSecretIsNamedButNotPrinted() async throws {
        let password = "Very-Secret-7731"
        let (status, log) = try await Self.run("payments", environment: [
            "DATABASE_URL": "postgres://u:\(password)@127.0.0.1/zhilyego",
            "AMQP_URL": "http://guest:\(password)@127.0.0.1/",
        ])
        #expect(status == 78)
        #expect(log.contains("AMQP_URL"))
        #expect(!log.contains(password))
    }
}
