import Hummingbird
import Logging

/// The HTTP listener Kaspi calls (pay-by-account). Separate from the runtime's listener (/healthz, /metrics)
/// because the allow-list needs the TCP peer address, which the runtime's `BasicRequestContext` drops — and so
/// that only this port has to be reachable from Kaspi.
enum KaspiListener {
    static func make(endpoint: PayByAccountEndpoint, host: String, port: Int,
                     onServerRunning: (@Sendable (Int) async -> Void)? = nil) -> some ApplicationProtocol
    {
        let router = Router(context: KaspiRequestContext.self)
        endpoint.addRoutes(to: router)
        return Application(router: router,
                           configuration: .init(address: .hostname(host, port: port), serverName: "zhilyego-payments-kaspi"),
                           onServerRunning: { channel in await onServerRunning?(channel.localAddress?.port ?? port) },
                           logger: Logger(label: "payments.kaspi-http"))
    }
}
