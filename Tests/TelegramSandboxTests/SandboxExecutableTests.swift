import Foundation
import HTTPClient
import TestSupport
import Testing
import TelegramSandbox

/// The `telegram-sandbox` executable as the gateway's platform tests start it: configured by environment,
/// answering the Bot API, stopping cleanly on SIGTERM.
@Suite struct SandboxExecutableTests {
    @Test func servesTheConfiguredBotsAndStopsOnSIGTERM() async throws {
        let port = try ServiceProcess.freePort()
        let process = try ServiceProcess(name: "telegram-sandbox", port: port, environment: [
            "SANDBOX_PORT": String(port), "SANDBOX_BOT_TOKENS": "777:exe-token@exe_test_bot,778:second",
            "SANDBOX_FLOOD_LIMITS": "off", "LOG_LEVEL": "warning",
        ])
        let client = HTTPClient()
        do {
            let base = "http://127.0.0.1:\(port)"
            try await waitUntil("the sandbox answers /healthz", diagnostics: { process.log }) {
                (try? await client.get(url: base + "/healthz"))?.status == 200
            }
            let me = try await client.get(url: base + "/bot777:exe-token/getMe")
            #expect(JSONValue.parse(me.body)?["result"]?["username"] == "exe_test_bot")
            let second = try await client.get(url: base + "/bot778:second/getMe")
            #expect(JSONValue.parse(second.body)?["result"]?["username"] == "sandbox778_bot")
            let unknown = try await client.get(url: base + "/bot123456:sandbox-token/getMe")
            #expect(unknown.status == 401)
            #expect(await process.terminate() == 0)
            #expect(!process.log.contains("exe-token"))
        } catch {
            await process.terminate()
            await client.shutdown()
            throw error
        }
        await client.shutdown()
    }

    @Test func refusesMalformedConfigurationNamingTheVariable() async throws {
        let process = try ServiceProcess(name: "telegram-sandbox", port: 0, environment: [
            "SANDBOX_BOT_TOKENS": "not-a-token-secret", "SANDBOX_PORT": "0",
        ])
        #expect(await process.waitForExit() == 78)
        #expect(process.log.contains("SANDBOX_BOT_TOKENS"))
        #expect(!process.log.contains("not-a-token-secret"))

        let rate = try ServiceProcess(name: "telegram-sandbox", port: 0, environment: ["SANDBOX_PER_CHAT_RATE": "-1"])
        #expect(await rate.waitForExit() == 78)
        #expect(rate.log.contains("SANDBOX_PER_CHAT_RATE"))
    }
}
