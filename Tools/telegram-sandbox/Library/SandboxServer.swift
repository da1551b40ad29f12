import Hummingbird
import Logging
import ServiceLifecycle

/// The Telegram Bot API sandbox: state, HTTP application and webhook dispatcher, ready to run in a ServiceGroup.
///
/// ```swift
/// let server = SandboxServer(configuration: configuration)
/// let group = ServiceGroup(configuration: .init(services: server.services(), gracefulShutdownSignals: [.sigterm],
///                                               logger: logger))
/// try await group.run()
/// ```
public struct SandboxServer: Sendable {
    public let configuration: SandboxConfiguration
    /// The world the sandbox serves; tests may inspect it directly.
    public let state: SandboxState
    private let logger: Logger

    public init(configuration: SandboxConfiguration, logger: Logger = Logger(label: "telegram-sandbox")) {
        self.configuration = configuration
        self.logger = logger
        state = SandboxState(configuration: configuration, logger: Logger(label: "telegram-sandbox.state"))
    }

    /// The Hummingbird application serving the Bot API, file downloads, the control API, the chat page and
    /// `/healthz`. `onServerRunning` receives the bound port (useful with port 0).
    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let responder = SandboxResponder(state: state,
                                         botAPI: BotAPIHandler(state: state, configuration: configuration),
                                         control: ControlAPI(state: state),
                                         logger: logger)
        return Application(responder: responder,
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                serverName: "telegram-sandbox"),
                           onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
                           logger: logger)
    }

    /// Everything to run, in ServiceGroup order: the HTTP application, then the webhook dispatcher. A group stops
    /// its services in reverse order, so on shutdown the dispatcher stops first and ends every long poll, and the
    /// HTTP server then drains without waiting for poll timeouts.
    public func services(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> [any Service] {
        [makeApplication(onServerRunning: onServerRunning),
         WebhookDispatcher(state: state, timeout: configuration.webhookTimeout,
                           logger: logger)]
    }
}
