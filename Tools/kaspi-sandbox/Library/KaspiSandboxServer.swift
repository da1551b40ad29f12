import HTTPClient
import Hummingbird
import Logging
import ServiceLifecycle

/// The Kaspi sandbox: state, partner API, pay-by-account caller, control API and page, ready to run in a
/// ServiceGroup.
///
/// ```swift
/// let server = KaspiSandboxServer(configuration: configuration)
/// let group = ServiceGroup(configuration: .init(services: server.services(), gracefulShutdownSignals: [.sigterm],
///                                               logger: logger))
/// try await group.run()
/// ```
public struct KaspiSandboxServer: Sendable {
    public let configuration: KaspiSandboxConfiguration
    /// The world the sandbox serves; tests may inspect it directly.
    public let state: KaspiState
    /// The client the sandbox calls merchants with (shut down when the services stop).
    let client: HTTPClient
    private let caller: PayByAccountCaller
    private let logger: Logger

    public init(configuration: KaspiSandboxConfiguration, logger: Logger = Logger(label: "kaspi-sandbox")) {
        self.configuration = configuration
        self.logger = logger
        state = KaspiState(configuration: configuration, logger: logger)
        client = HTTPClient(configuration: HTTPClientConfiguration(
                                defaultTimeout: configuration.accountRequestTimeout, userAgent: "kaspi-sandbox/1.0",
                                localAddress: configuration.sourceAddress),
                            logger: logger)
        caller = PayByAccountCaller(state: state, client: client, logger: logger)
    }

    /// Plays Kaspi's pay-by-account call against the merchant, as `POST /sandbox/account-payments` does; returns
    /// when Kaspi would be done (final answer or given up). Needs the services running (the HTTP client).
    public func payByAccount(_ request: AccountPaymentRequest) async throws(AccountPaymentError) -> AccountPaymentOutcome {
        try await caller.run(request)
    }

    /// The Hummingbird application serving the partner API, the control API, the pages and `/healthz`.
    /// `onServerRunning` receives the bound port (useful with port 0).
    public func makeApplication(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in })
        -> some ApplicationProtocol
    {
        let responder = SandboxResponder(state: state,
                                         partnerAPI: PartnerAPIHandler(state: state, logger: logger),
                                         control: ControlAPI(state: state, caller: caller), logger: logger)
        let state = state
        return Application(responder: responder,
                           configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                serverName: "kaspi-sandbox"),
                           onServerRunning: { channel in
                               let port = channel.localAddress?.port ?? 0
                               await state.serverStarted(port: port)
                               await onServerRunning(port)
                           },
                           logger: logger)
    }

    /// Everything to run: the HTTP application, and the HTTP client's shutdown when the group stops.
    public func services(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> [any Service] {
        [ClientShutdown(client: client), makeApplication(onServerRunning: onServerRunning)]
    }
}

/// Shuts the sandbox's HTTP client down on graceful shutdown. Listed first, so a group (which stops services
/// in reverse order) stops the HTTP server before it.
private struct ClientShutdown: Service {
    let client: HTTPClient

    func run() async throws {
        try? await gracefulShutdown()
        await client.shutdown()
    }
}
