import Hummingbird
import Messaging
import ServiceLifecycle

/// What a service adds to the runtime: its subscriptions (listed in one place), its HTTP routes beside the
/// operational ones, extra long-running components (schedulers, pollers) and extra readiness checks.
public struct ServiceParts: Sendable {
    public var subscriptions: Subscriptions
    public var routes: @Sendable (Router<BasicRequestContext>) -> Void
    public var services: [any Service]
    public var readiness: [ReadinessCheck]

    public init(subscriptions: Subscriptions = Subscriptions(),
                routes: @escaping @Sendable (Router<BasicRequestContext>) -> Void = { _ in },
                services: [any Service] = [], readiness: [ReadinessCheck] = [])
    {
        self.subscriptions = subscriptions
        self.routes = routes
        self.services = services
        self.readiness = readiness
    }
}
