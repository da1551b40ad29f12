import Foundation
import Logging
import ServiceLifecycle
import ServiceRuntime
import TelegramSandbox
import UnixSignals

// telegram-sandbox: a local stand-in for api.telegram.org (docs/telegram-sandbox.md).
ProcessBootstrap.bootstrap()
let logger = Logger(label: "telegram-sandbox.main")
let configuration: SandboxConfiguration
do {
    configuration = try SandboxEnvironment.load()
} catch {
    FileHandle.standardError.write(Data("telegram-sandbox: \(error)\n".utf8))
    exit(78)  // EX_CONFIG
}

let server = SandboxServer(configuration: configuration, logger: Logger(label: "telegram-sandbox.http"))
let services = server.services { port in
    logger.info("telegram sandbox listening", metadata: [
        "http.host": "\(configuration.host)", "http.port": "\(port)",
        "bots": "\(configuration.bots.map(\.username).joined(separator: ","))",
        "flood.enabled": "\(configuration.flood.enabled)",
    ])
}
let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                                              logger: logger))
do {
    try await group.run()
    logger.info("telegram sandbox stopped")
} catch {
    logger.critical("telegram sandbox failed", metadata: ["error": "\(error)"])
    exit(1)
}
