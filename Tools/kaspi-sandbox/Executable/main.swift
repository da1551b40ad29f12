import Foundation
import KaspiSandbox
import Logging
import ServiceLifecycle
import ServiceRuntime
import UnixSignals

// kaspi-sandbox: a local stand-in for Kaspi (partner API and pay-by-account caller), docs/kaspi-sandbox.md.
ProcessBootstrap.bootstrap()
let logger = Logger(label: "kaspi-sandbox.main")
let configuration: KaspiSandboxConfiguration
do {
    configuration = try KaspiSandboxEnvironment.load()
} catch {
    FileHandle.standardError.write(Data("kaspi-sandbox: \(error)\n".utf8))
    exit(78)  // EX_CONFIG
}

let server = KaspiSandboxServer(configuration: configuration, logger: Logger(label: "kaspi-sandbox.http"))
let services = server.services { port in
    logger.info("kaspi sandbox listening", metadata: [
        "http.host": "\(configuration.host)", "http.port": "\(port)",
        "merchant_account_url": "\(configuration.merchantAccountURL ?? "-")",
        "source_address": "\(configuration.sourceAddress ?? "default")",
    ])
}
let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint],
                                              logger: logger))
do {
    try await group.run()
    logger.info("kaspi sandbox stopped")
} catch {
    logger.critical("kaspi sandbox failed", metadata: ["error": "\(error)"])
    exit(1)
}
