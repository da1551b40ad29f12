import Contracts
import Foundation
import HTTPClient
import Testing
import TestSupport

/// The gateway process of a ``withRestartableBot(demoCatalog:gatewayOverrides:_:)`` test: the test can restart
/// it (SIGTERM, wait, start again with the same database, vhost, sandbox and configuration), as an operator does.
final class GatewayProcess: @unchecked Sendable {
    // @unchecked: `current` is only read and replaced under `lock`; the rest is immutable.
    private let lock = NSLock()
    private var current: ServiceProcess
    private let platform: PlatformHarness
    private let overrides: [String: String]

    init(platform: PlatformHarness, overrides: [String: String]) async throws {
        self.platform = platform
        self.overrides = overrides
        current = try await platform.start(.gateway, overrides: overrides)
    }

    var log: String { lock.withLock { current }.log }

    /// Stops the running gateway gracefully, runs `whileStopped`, and starts a new one; returns once the new one
    /// answers /healthz.
    func restart(whileStopped: () async throws -> Void = {}) async throws {
        _ = await lock.withLock { current }.terminate()
        try await whileStopped()
        let fresh = try await platform.start(.gateway, overrides: overrides)
        lock.withLock { current = fresh }
    }

    func terminate() async {
        _ = await lock.withLock { current }.terminate()
    }
}

/// Like ``withBot(demoCatalog:_:)`` (sandbox in-process; catalog, booking and gateway as processes), but hands the
/// test the gateway's process so it can restart it. `gatewayOverrides` adds to the gateway's environment.
func withRestartableBot(demoCatalog: Bool = false, gatewayOverrides: [String: String] = [:],
                        _ body: @Sendable (Bot, GatewayProcess) async throws -> Void) async throws
{
    try await withTelegramSandbox { telegramURL, client in
        try await PlatformHarness.with { platform in
            let catalog = try await platform.start(.catalog)
            if demoCatalog { try await loadDemoCatalog(platform) }
            let booking = try await platform.start(.booking)
            let overrides = [
                "TELEGRAM_API_URL": telegramURL, "TELEGRAM_BOT_TOKEN": "123456:sandbox-token",
                "TELEGRAM_POLL_TIMEOUT": "5",
            ].merging(gatewayOverrides) { _, new in new }
            let gateway = try await GatewayProcess(platform: platform, overrides: overrides)
            do {
                try await body(Bot(baseURL: telegramURL, client: client, platform: platform), gateway)
            } catch {
                Issue.record("gateway log:\n\(gateway.log.suffix(3000))")
                await gateway.terminate()
                throw error
            }
            await gateway.terminate()
            _ = await booking.terminate()
            _ = await catalog.terminate()
        }
    }
}
