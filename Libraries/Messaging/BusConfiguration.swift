import Contracts
import Foundation

/// How a service talks to RabbitMQ. Build it once at start from the environment.
public struct BusConfiguration: Sendable {
    /// `amqp://user:password@host:port/vhost` exactly as given. Contains the password: never log it,
    /// log ``redactedURL`` instead.
    public let url: String
    /// The service owning the consumed queues (`<service>.events`, …) and named as producer in logs.
    public var service: ServiceName
    /// Unacknowledged deliveries per consumer (basic.qos).
    public var prefetch: Int
    /// Consumers (each with its own connection and thread) per consumed queue. On `<service>.events` and
    /// `.commands` the handlers of one consumer run one after another (delivery order is kept per consumer), so
    /// this is also the handler concurrency of those queues.
    public var consumersPerQueue: Int
    /// Request handlers of one consumer of `<service>.rpc` that may run at the same time (replies need no
    /// ordering), so the RPC queue runs up to `consumersPerQueue × requestConcurrency` handlers at once. Capped
    /// at `prefetch`. 1 restores one-at-a-time handling. ``Subscriptions/allowConcurrentHandlers(_:on:)``
    /// overrides it per service (and opts event or command queues in).
    public var requestConcurrency: Int
    /// Back-off before each retry of a failed message; after the last one it goes to `<queue>.dead`.
    public var retryDelays: [Duration]
    /// Default timeout of ``MessageBus/request(_:timeout:)``.
    public var rpcTimeout: Duration
    /// How long a publish may take in total, including waiting for a connection while the broker is down,
    /// before it fails.
    public var publishTimeout: Duration
    /// AMQP heartbeat; a connection silent for twice this long is considered dead.
    public var heartbeat: Duration
    public var reconnectBackoffMin: Duration
    public var reconnectBackoffMax: Duration
    /// How long stopping waits for in-flight handlers before closing the connections anyway.
    public var drainTimeout: Duration

    let endpoint: BrokerEndpoint

    /// - Throws: ``MessagingError`` of kind `configuration` if the URL or a number is invalid (the message never
    ///   contains the password).
    public init(url: String, service: ServiceName, prefetch: Int = 50, consumersPerQueue: Int = 2,
                requestConcurrency: Int = 16, retryDelays: [Duration] = [.milliseconds(500), .seconds(5), .seconds(30)],
                rpcTimeout: Duration = .seconds(5), publishTimeout: Duration = .seconds(10),
                heartbeat: Duration = .seconds(30), reconnectBackoffMin: Duration = .milliseconds(100),
                reconnectBackoffMax: Duration = .seconds(5), drainTimeout: Duration = .seconds(30)) throws
    {
        self.endpoint = try BrokerEndpoint(url: url)
        self.url = url
        self.service = service
        self.prefetch = prefetch
        self.consumersPerQueue = consumersPerQueue
        self.requestConcurrency = requestConcurrency
        self.retryDelays = retryDelays
        self.rpcTimeout = rpcTimeout
        self.publishTimeout = publishTimeout
        self.heartbeat = heartbeat
        self.reconnectBackoffMin = reconnectBackoffMin
        self.reconnectBackoffMax = reconnectBackoffMax
        self.drainTimeout = drainTimeout
        try validate()
    }

    /// The URL with the password replaced by `***`, safe for logs.
    public var redactedURL: String { endpoint.redacted }

    func validate() throws {
        func check(_ condition: Bool, _ message: String) throws {
            if !condition { throw MessagingError(.configuration, message) }
        }
        try check((1...65535).contains(prefetch), "prefetch must be 1…65535, got \(prefetch)")
        try check((1...64).contains(consumersPerQueue), "consumersPerQueue must be 1…64, got \(consumersPerQueue)")
        try check((1...1000).contains(requestConcurrency), "requestConcurrency must be 1…1000, got \(requestConcurrency)")
        try check(retryDelays.allSatisfy { $0 > .zero }, "retry delays must be positive")
        try check(rpcTimeout > .zero, "rpcTimeout must be positive")
        try check(publishTimeout > .zero, "publishTimeout must be positive")
        try check(heartbeat >= .zero, "heartbeat must not be negative")
        try check(reconnectBackoffMin > .zero && reconnectBackoffMax >= reconnectBackoffMin,
                  "reconnect backoff must satisfy 0 < min <= max")
        try check(!service.rawValue.isEmpty, "service name must not be empty")
    }
}

/// Where and as whom to connect, parsed from an `amqp://` URL.
struct BrokerEndpoint: Sendable, Equatable {
    var host: String
    var port: Int
    var user: String
    var password: String
    var virtualHost: String

    /// Parses `amqp://user:password@host:port/vhost`; user, password and vhost are percent-decoded.
    /// Defaults: user and password `guest`, port 5672, vhost `/` (also for an empty path segment).
    init(url: String) throws {
        func fail(_ reason: String) -> MessagingError {
            MessagingError(.configuration, "invalid AMQP URL (\(reason))")
        }
        guard let components = URLComponents(string: url) else { throw fail("not a URL") }
        guard components.scheme?.lowercased() == "amqp" else { throw fail("scheme must be amqp") }
        guard let host = components.host, !host.isEmpty else { throw fail("missing host") }
        guard components.query == nil, components.fragment == nil else {
            throw fail("query parameters are not supported")
        }
        let path = components.percentEncodedPath
        var encodedVirtualHost = Substring(path)
        if encodedVirtualHost.hasPrefix("/") { encodedVirtualHost = encodedVirtualHost.dropFirst() }
        guard !encodedVirtualHost.contains("/") else { throw fail("the vhost must be one path segment; encode / as %2F") }
        guard let virtualHost = String(encodedVirtualHost).removingPercentEncoding else {
            throw fail("bad percent-encoding in vhost")
        }
        let port = components.port ?? 5672
        guard (1...65535).contains(port) else { throw fail("bad port") }
        self.host = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        self.port = port
        self.user = components.user ?? "guest"
        self.password = components.password ?? "guest"
        self.virtualHost = virtualHost.isEmpty ? "/" : virtualHost
    }

    /// `amqp://user:***@host:port/vhost`
    var redacted: String {
        let allowed = CharacterSet.urlUserAllowed.subtracting(CharacterSet(charactersIn: ":@/"))
        let encodedUser = user.addingPercentEncoding(withAllowedCharacters: allowed) ?? "?"
        let encodedVirtualHost = virtualHost.addingPercentEncoding(withAllowedCharacters: allowed) ?? "?"
        let printedHost = host.contains(":") ? "[\(host)]" : host
        return "amqp://\(encodedUser):***@\(printedHost):\(port)/\(encodedVirtualHost)"
    }
}
