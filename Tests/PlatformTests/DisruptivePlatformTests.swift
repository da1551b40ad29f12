import Contracts
import Database
import Foundation
import Testing
import TestSupport

/// Restarts the shared RabbitMQ and PostgreSQL under running services. Run alone by `./zg test`.
@Suite(.serialized) struct DisruptivePlatformTests {
    static func ready(_ process: ServiceProcess) async -> Bool {
        (try? await HTTPProbe.get("http://127.0.0.1:\(process.port)/readyz"))?.status == 200
    }

    static func startsRecorded(_ platform: PlatformHarness) async throws -> Int {
        try await platform.database.adminPool.query("SELECT instance_id FROM analytics.service_starts").count
    }

    /// A service started while RabbitMQ is down commits its ServiceStarted to the outbox; once the broker is
    /// back, every service reconnects by itself and the event arrives exactly once.
    @Test func outboxDeliversWhatWasCommittedWhileTheBrokerWasDown() async throws {
        try await PlatformHarness.with { platform in
            let analytics = try await platform.start(.analytics)
            let catalog = try await platform.start(.catalog)
            try await waitUntil("two starts recorded", diagnostics: { analytics.log }) {
                try await Self.startsRecorded(platform) == 2
            }
            try await TestEnvironment.control("broker", "stop")
            do {
                try await waitUntil("catalog reports the broker gone", diagnostics: { catalog.log }) {
                    await !Self.ready(catalog)
                }
                let booking = try await platform.start(.booking)
                try await waitUntil("booking's start is committed to its outbox", diagnostics: { booking.log }) {
                    try await platform.database.adminPool.query(
                        "SELECT id FROM booking.outbox WHERE published_at IS NULL").count == 1
                }
                #expect(try await Self.startsRecorded(platform) == 2)
                try await TestEnvironment.control("broker", "start")
                for process in [analytics, catalog, booking] {
                    try await waitUntil("\(process.name) ready again", deadline: .seconds(60),
                                        diagnostics: { process.log }) { await Self.ready(process) }
                }
                try await waitUntil("booking's start recorded", deadline: .seconds(60), diagnostics: { booking.log }) {
                    try await Self.startsRecorded(platform) == 3
                }
                await booking.terminate()
            } catch {
                try? await TestEnvironment.control("broker", "start")
                throw error
            }
            await analytics.terminate()
            await catalog.terminate()
        }
    }

    @Test func servicesRecoverAfterPostgreSQLRestarts() async throws {
        try await PlatformHarness.with { platform in
            let analytics = try await platform.start(.analytics)
            let catalog = try await platform.start(.catalog)
            try await waitUntil("two starts recorded", diagnostics: { analytics.log }) {
                try await Self.startsRecorded(platform) == 2
            }
            try await TestEnvironment.control("database", "restart")
            for process in [analytics, catalog] {
                try await waitUntil("\(process.name) ready again", deadline: .seconds(60),
                                    diagnostics: { process.log }) { await Self.ready(process) }
            }
            let booking = try await platform.start(.booking)
            try await waitUntil("a start after the restart is recorded", deadline: .seconds(60),
                                diagnostics: { analytics.log }) {
                try await Self.startsRecorded(platform) == 3
            }
            for process in [analytics, catalog, booking] { #expect(await process.terminate() == 0) }
        }
    }
}
