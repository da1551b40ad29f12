import Hummingbird
import Logging
import NIOCore

/// The HTTP listener Kaspi calls (pay-by-account). Separate from the runtime's listener (/healthz, /metrics)
/// because the allow-list needs the TCP peer address, which the runtime's `BasicRequestContext` drops — and so
/// that only this port has to be reachable from Kaspi.
///
/// A connection that stays idle — no complete request head within `idleTimeout` of connecting or of the last
/// answer — is closed, so that nobody can hold this port's connections open by sending a request slowly. Kaspi's
/// own client gives up on an answer after a few seconds, and a request being answered is never cut off.
enum KaspiListener {
    static let idleTimeout: TimeAmount = .seconds(15)

    static func make(endpoint: PayByAccountEndpoint, host: String, port: Int, idleTimeout: TimeAmount = idleTimeout,
                     onServerRunning: (@Sendable (Int) async -> Void)? = nil) -> some ApplicationProtocol
    {
        let router = Router(context: KaspiRequestContext.self)
        endpoint.addRoutes(to: router)
        return Application(router: router, server: .http1(configuration: .init(idleTimeout: idleTimeout)),
                           configuration: .init(address: .hostname(host, port: port), serverName: "zhilyego-payments-kaspi"),
                           onServerRunning: { channel in await onServerRunning?(channel.localAddress?.port ?? port) },
                           logger: Logger(label: "payments.kaspi-http"))
    }
}
