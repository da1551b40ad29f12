import HTTPClient
import Logging
import TelegramSandbox
import TestSupport

/// The Telegram sandbox in-process on a free loopback port (flood limits off) for the duration of `body`, with an
/// HTTP client for it; both are shut down afterwards, also when `body` throws.
func withTelegramSandbox(clientTimeout: Duration = .seconds(120),
                         _ body: (_ baseURL: String, _ client: HTTPClient) async throws -> Void) async throws
{
    var logger = Logger(label: "gateway-tests.sandbox")
    logger.logLevel = .critical
    let server = SandboxServer(configuration: SandboxConfiguration(port: 0, flood: .off), logger: logger)
    let client = HTTPClient(configuration: HTTPClientConfiguration(defaultTimeout: clientTimeout))
    do {
        try await withInProcessServer(label: "gateway-tests.sandbox",
                                      services: { server.services(onServerRunning: $0) }) { port, _ in
            try await body("http://127.0.0.1:\(port)", client)
        }
        await client.shutdown()
    } catch {
        await client.shutdown()
        throw error
    }
}
