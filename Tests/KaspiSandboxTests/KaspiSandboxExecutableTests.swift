import Foundation
import HTTPClient
import KaspiSandbox
import TestSupport
import Testing

/// The `kaspi-sandbox` executable as `./zg up` starts it: configured by environment, serving the partner API,
/// calling the merchant from the configured source address, stopping cleanly on SIGTERM.
@Suite("Kaspi sandbox executable")
struct KaspiSandboxExecutableTests {
    @Test func servesThePartnerAPIAndCallsTheMerchantFromItsSourceAddress() async throws {
        let book = MerchantBook(due: ["100042": 1_500_000], allowed: ["127.0.0.3"])
        try await withTestMerchant(book) { merchantURL in
            let port = try ServiceProcess.freePort()
            let process = try ServiceProcess(name: "kaspi-sandbox", port: port, environment: [
                "KASPI_SANDBOX_PORT": String(port), "KASPI_SANDBOX_API_KEY": "exe-secret-key",
                "KASPI_MERCHANT_ACCOUNT_URL": merchantURL, "KASPI_SANDBOX_SOURCE_ADDRESS": "127.0.0.3",
                "KASPI_SANDBOX_INVOICE_LIFETIME": "2m", "LOG_LEVEL": "info",
            ])
            let client = HTTPClient()
            do {
                let base = "http://127.0.0.1:\(port)"
                try await waitUntil("the sandbox answers /healthz", diagnostics: { process.log }) {
                    (try? await client.get(url: base + "/healthz"))?.status == 200
                }
                let ping = try await client.get(url: base + "/r3/v01/health/ping", headers: ["Api-Key": "exe-secret-key"])
                #expect(ping.text == #"{"StatusCode":0,"Message":"OK"}"#)
                let refused = try await client.get(url: base + "/r3/v01/health/ping",
                                                   headers: ["Api-Key": KaspiSandboxConfiguration.developmentAPIKey])
                #expect(refused.status == 401)

                let link = try await client.send(HTTPRequest(
                    method: .post, url: base + "/r3/v01/qr/create-link", headers: ["Api-Key": "exe-secret-key"],
                    body: .data(Data(KaspiJSON.object([
                        ("OrganizationBin", .string(KaspiSandboxConfiguration.developmentOrganizationBin)),
                        ("DeviceToken", .string(KaspiSandboxConfiguration.developmentDeviceToken)),
                        ("Amount", .number("15000.00")),
                    ]).text.utf8), contentType: "application/json")))
                let linkURL = KaspiJSON.parse(link.body)?["Data"]?["PaymentLink"]?.stringValue
                #expect(linkURL?.hasPrefix("\(base)/pay/") == true)

                let paid = try await client.send(HTTPRequest(
                    method: .post, url: base + "/sandbox/account-payments",
                    body: .data(Data(#"{"account":"100042","sum":"15000"}"#.utf8), contentType: "application/json"),
                    timeout: .seconds(60)))
                #expect(KaspiJSON.parse(paid.body)?["result"]?["outcome"] == .string("paid"))
                #expect(await book.seen.map(\.peer) == ["127.0.0.3", "127.0.0.3"])

                #expect(await process.terminate() == 0)
                #expect(!process.log.contains("exe-secret-key"))
            } catch {
                await process.terminate()
                await client.shutdown()
                throw error
            }
            await client.shutdown()
        }
    }

    @Test func refusesMalformedConfigurationNamingTheVariable() async throws {
        let bin = try ServiceProcess(name: "kaspi-sandbox", port: 0, environment: [
            "KASPI_SANDBOX_PORT": "0", "KASPI_SANDBOX_ORGANIZATION_BIN": "12345",
        ])
        #expect(await bin.waitForExit() == 78)
        #expect(bin.log.contains("KASPI_SANDBOX_ORGANIZATION_BIN"))

        let url = try ServiceProcess(name: "kaspi-sandbox", port: 0, environment: [
            "KASPI_SANDBOX_PORT": "0", "KASPI_MERCHANT_ACCOUNT_URL": "ftp://example",
        ])
        #expect(await url.waitForExit() == 78)
        #expect(url.log.contains("KASPI_MERCHANT_ACCOUNT_URL"))

        let lifetime = try ServiceProcess(name: "kaspi-sandbox", port: 0, environment: [
            "KASPI_SANDBOX_PORT": "0", "KASPI_SANDBOX_INVOICE_LIFETIME": "0s",
        ])
        #expect(await lifetime.waitForExit() == 78)
        #expect(lifetime.log.contains("KASPI_SANDBOX_INVOICE_LIFETIME"))
    }
}
