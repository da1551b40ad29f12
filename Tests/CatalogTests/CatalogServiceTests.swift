import Contracts
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
