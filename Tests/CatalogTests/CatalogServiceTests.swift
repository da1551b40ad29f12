import Contracts
import Cryptography
import Foundation
import Messaging
import TestSupport
import Testing

/// The real `catalog` executable, as `./zg up` and docker-compose run it.
@Suite struct CatalogServiceTests {
    @Test func theCatalogExecutableAnswersRPCs() async throws {
        try await PlatformHarness.with { platform in
            let process = try await platform.start(.catalog, overrides: [
                "CODES_ENCRYPTION_KEYS": try TestKeys.environmentValue("k2", "k1"),
            ])
            let client = MessageBus(configuration: try BusConfiguration(url: platform.broker.amqpURL, service: .gateway),
                                    logger: testLogger)
            var districts: [CatalogDistrict] = []
            try await waitUntil("the catalog answers", deadline: .seconds(60), diagnostics: { process.log }) {
                guard let reply = try? await client.request(envelope(ListDistricts(cityId: 1)), timeout: .seconds(3))
                else { return false }
                districts = reply.payload.districts
                return true
            }
            await client.shutdown()
            #expect(districts.map(\.name) == ["Алматы", "Байконур", "Есиль", "Нура", "Сарайшык", "Сарыарка"])
            #expect(process.log.contains("\"codes.key.current\":\"k2\""))
            #expect(await process.terminate() == 0)
        }
    }

    /// A second deployment's generated key under the same id: the catalog stays up, says why in /readyz (naming
    /// the key id, never the key) and serves nothing, instead of taking bookings whose codes it cannot show.
    @Test func aForeignKeyUnderTheSameIdMakesTheCatalogNotReadyAndSilent() async throws {
        try await PlatformHarness.with { platform in
            let own = try TestKeys.environmentValue("k1")
            let first = try await platform.start(.catalog, overrides: ["CODES_ENCRYPTION_KEYS": own])
            try await waitUntil("the catalog is ready", deadline: .seconds(60), diagnostics: { first.log }) {
                (try? await HTTPProbe.get("http://127.0.0.1:\(first.port)/readyz"))?.status == 200
            }
            #expect(await first.terminate() == 0)

            let foreign = try CodeKeyCheckTests.foreignKeyring("k1").current.environmentEntry
            let second = try await platform.start(.catalog, overrides: ["CODES_ENCRYPTION_KEYS": foreign])
            var readiness = ""
            try await waitUntil("the catalog reports its key check", deadline: .seconds(60),
                                diagnostics: { second.log }) {
                guard let response = try? await HTTPProbe.get("http://127.0.0.1:\(second.port)/readyz") else {
                    return false
                }
                readiness = response.body
                return response.status == 503 && readiness.contains("codes-keys")
            }
            #expect(readiness.contains("key id k1"), "\(readiness)")
            #expect(!readiness.contains(String(foreign.dropFirst(3))))
            #expect(!second.log.contains(String(foreign.dropFirst(3))))
            #expect(second.log.contains("access code keys do not fit this database"))
            // It consumes nothing: a request to the catalog is never answered.
            let client = MessageBus(configuration: try BusConfiguration(url: platform.broker.amqpURL, service: .gateway),
                                    logger: testLogger)
            await #expect(throws: (any Error).self) {
                _ = try await client.request(envelope(ListDistricts(cityId: 1)), timeout: .seconds(2))
            }
            await client.shutdown()
            #expect(await second.terminate() == 0)
        }
    }

    @Test(arguments: [nil, "k1:c2hvcnQta2V5", "no-colon-here"])
    func aMissingOrMalformedKeyringStopsTheCatalogNamingTheVariable(value: String?) async throws {
        try await PlatformHarness.with { platform in
            var environment = platform.environment(for: .catalog, port: try ServiceProcess.freePort())
            environment["CODES_ENCRYPTION_KEYS"] = value
            let process = try ServiceProcess(name: "catalog", port: 0, environment: environment)
            let status = await process.waitForExit(deadline: .seconds(60))
            #expect(status == 78)
            #expect(process.log.contains("CODES_ENCRYPTION_KEYS"))
            if let value { #expect(!process.log.contains(value)) }
        }
    }
}
