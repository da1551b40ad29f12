import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A fresh RabbitMQ virtual host for one test, created and deleted through the management HTTP API.
///
/// ```swift
/// try await withTestVirtualHost { broker in
///     let configuration = try BusConfiguration(url: broker.amqpURL, service: "test")
///     …
/// }
/// ```
public func withTestVirtualHost<T>(_ body: (TestBroker) async throws -> T) async throws -> T {
    let broker = try TestBroker.make()
    try await broker.createVirtualHost()
    do {
        let result = try await body(broker)
        try? await broker.deleteVirtualHost()
        return result
    } catch {
        try? await broker.deleteVirtualHost()
        throw error
    }
}

/// One test's virtual host plus inspection helpers (management API).
public struct TestBroker: Sendable {
    public let virtualHost: String
    /// `amqp://user:password@host:port/<vhost>` for the bus under test.
    public let amqpURL: String
    private let managementURL: URL
    private let user: String
    private let password: String

    static func make() throws -> TestBroker {
        let baseURL = try TestEnvironment.require("ZG_TEST_AMQP_URL")
        guard var components = URLComponents(string: baseURL), let user = components.user,
              let password = components.password
        else {
            throw TestBrokerError(description: "ZG_TEST_AMQP_URL must be amqp://user:password@host:port/")
        }
        let virtualHost = "zgt-\(UUID().uuidString.prefix(8).lowercased())"
        components.percentEncodedPath = "/" + virtualHost
        guard let amqpURL = components.string else {
            throw TestBrokerError(description: "cannot build the test AMQP URL")
        }
        return TestBroker(virtualHost: virtualHost, amqpURL: amqpURL,
                          managementURL: try managementURL(), user: user, password: password)
    }

    // MARK: Virtual host

    func createVirtualHost() async throws {
        try await management("PUT", "vhosts/\(encoded(virtualHost))", json: [:])
        try await management("PUT", "permissions/\(encoded(virtualHost))/\(encoded(user))",
                             json: ["configure": ".*", "write": ".*", "read": ".*"])
    }

    func deleteVirtualHost() async throws {
        try await management("DELETE", "vhosts/\(encoded(virtualHost))")
    }

    // MARK: Inspection

    /// A message taken from a queue with basic.get (acknowledged, so it is gone afterwards).
    public struct Message: Sendable {
        public var payload: String
        public var routingKey: String
        public var redelivered: Bool
        /// String and number headers, numbers as their decimal text.
        public var headers: [String: String]
        /// The other basic properties by their management-API names (`message_id`, `type`, `correlation_id`, …),
        /// as text.
        public var properties: [String: String]
    }

    /// Takes the next message of `queue`, nil if it is empty (or does not exist).
    public func getMessage(queue: String) async throws -> Message? {
        let data = try await management("POST", "queues/\(encoded(virtualHost))/\(encoded(queue))/get",
                                        json: ["count": 1, "ackmode": "ack_requeue_false", "encoding": "auto"],
                                        allowNotFound: true)
        guard let data, let messages = try JSONSerialization.jsonObject(with: data) as? [[String: Any]],
              let first = messages.first
        else { return nil }
        var properties: [String: String] = [:]
        var headers: [String: String] = [:]
        for (key, value) in first["properties"] as? [String: Any] ?? [:] {
            if key == "headers" {
                for (name, header) in value as? [String: Any] ?? [:] { headers[name] = "\(header)" }
            } else {
                properties[key] = "\(value)"
            }
        }
        return Message(payload: first["payload"] as? String ?? "", routingKey: first["routing_key"] as? String ?? "",
                       redelivered: first["redelivered"] as? Bool ?? false, headers: headers, properties: properties)
    }

    /// Ready plus unacknowledged messages of `queue` as the management statistics report them (they lag
    /// the broker by a few seconds: wait for a value, do not assert a snapshot).
    public func queueDepth(_ queue: String) async throws -> Int? {
        guard let data = try await management("GET", "queues/\(encoded(virtualHost))/\(encoded(queue))",
                                              allowNotFound: true),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["messages"] as? Int
    }

    /// The consumers subscribed to `queue` as the management statistics report them (they lag the broker by a few
    /// seconds: wait for a value, do not assert a snapshot); nil if the queue does not exist.
    public func queueConsumers(_ queue: String) async throws -> Int? {
        guard let data = try await management("GET", "queues/\(encoded(virtualHost))/\(encoded(queue))",
                                              allowNotFound: true),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return object["consumers"] as? Int
    }

    /// Waits (up to `timeout`) until `condition` holds for the queue's depth; returns the last depth seen.
    @discardableResult
    public func waitForQueueDepth(_ queue: String, timeout: Duration = .seconds(30),
                                  _ condition: (Int) -> Bool) async throws -> Int?
    {
        var depth: Int?
        do {
            try await waitUntil("the depth of \(queue) is as wanted", deadline: timeout, interval: .milliseconds(250)) {
                depth = try await queueDepth(queue)
                return depth.map(condition) ?? false
            }
        } catch is TimedOut {}
        return depth
    }

    /// Names of the queues in the virtual host.
    public func queueNames() async throws -> [String] {
        guard let data = try await management("GET", "queues/\(encoded(virtualHost))"),
              let queues = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [] }
        return queues.compactMap { $0["name"] as? String }.sorted()
    }

    /// The arguments a queue was declared with (`x-message-ttl`, …) as text.
    public func queueArguments(_ queue: String) async throws -> [String: String]? {
        guard let data = try await management("GET", "queues/\(encoded(virtualHost))/\(encoded(queue))",
                                              allowNotFound: true),
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { return nil }
        return (object["arguments"] as? [String: Any] ?? [:]).mapValues { "\($0)" }
    }

    /// The client connections to the virtual host: their client-given name and when they connected (ms since
    /// 1970), from the management statistics (which lag a few seconds).
    public func connections() async throws -> [(name: String, connectedAt: Int)] {
        guard let data = try await management("GET", "vhosts/\(encoded(virtualHost))/connections"),
              let connections = try JSONSerialization.jsonObject(with: data) as? [[String: Any]]
        else { return [] }
        return connections.map { connection in
            let properties = connection["client_properties"] as? [String: Any] ?? [:]
            return (properties["connection_name"] as? String ?? "", connection["connected_at"] as? Int ?? 0)
        }
    }

    // MARK: Set-up

    /// Declares a durable queue (and, if given, a durable exchange of `exchangeType` it is bound to).
    public func declareQueue(_ queue: String, boundTo exchange: String? = nil, exchangeType: String = "topic",
                             routingKey: String = "#") async throws
    {
        try await management("PUT", "queues/\(encoded(virtualHost))/\(encoded(queue))", json: ["durable": true])
        guard let exchange else { return }
        try await management("PUT", "exchanges/\(encoded(virtualHost))/\(encoded(exchange))",
                             json: ["type": exchangeType, "durable": true])
        try await management("POST", "bindings/\(encoded(virtualHost))/e/\(encoded(exchange))/q/\(encoded(queue))",
                             json: ["routing_key": routingKey])
    }

    /// Deletes a queue (and the messages in it).
    public func deleteQueue(_ queue: String) async throws {
        try await management("DELETE", "queues/\(encoded(virtualHost))/\(encoded(queue))", allowNotFound: true)
    }

    /// Publishes an arbitrary text body (e.g. a malformed one) through the management API.
    /// - Returns: whether the broker routed it to at least one queue.
    @discardableResult
    public func publishRaw(exchange: String, routingKey: String, payload: String,
                           properties: [String: String] = [:]) async throws -> Bool
    {
        let name = exchange.isEmpty ? "amq.default" : exchange
        let data = try await management("POST", "exchanges/\(encoded(virtualHost))/\(encoded(name))/publish",
                                        json: ["properties": properties, "routing_key": routingKey,
                                               "payload": payload, "payload_encoding": "string"])
        guard let data, let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            return false
        }
        return object["routed"] as? Bool ?? false
    }

    // MARK: Shared broker control (Disruptive suites only)

    /// `$ZG_TEST_CONTROL broker stop`: stops the RabbitMQ application for every test on the machine.
    public static func stopBroker() async throws { try await TestEnvironment.control("broker", "stop") }

    /// `$ZG_TEST_CONTROL broker start`: starts it again and waits until it accepts connections.
    public static func startBroker() async throws { try await TestEnvironment.control("broker", "start") }

    /// `ZG_TEST_RABBITMQ_MANAGEMENT_URL`: `http://127.0.0.1:15672` (same user and password as AMQP).
    static func managementURL() throws -> URL {
        let text = try TestEnvironment.require("ZG_TEST_RABBITMQ_MANAGEMENT_URL")
        guard let url = URL(string: text) else {
            throw TestBrokerError(description: "ZG_TEST_RABBITMQ_MANAGEMENT_URL is not a URL")
        }
        return url
    }

    // MARK: HTTP

    private func encoded(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? segment
    }

    @discardableResult
    private func management(_ method: String, _ path: String, json: [String: Any]? = nil,
                            allowNotFound: Bool = false) async throws -> Data?
    {
        guard let url = URL(string: "api/" + path, relativeTo: managementURL.appendingPathComponent("/")) else {
            throw TestBrokerError(description: "bad management path \(path)")
        }
        var request = URLRequest(url: url)
        request.httpMethod = method
        let credentials = Data("\(user):\(password)".utf8).base64EncodedString()
        request.setValue("Basic \(credentials)", forHTTPHeaderField: "Authorization")
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
        }
        let (data, response) = try await Self.send(request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        if status == 404, allowNotFound { return nil }
        guard (200..<300).contains(status) else {
            throw TestBrokerError(
                description: "RabbitMQ management \(method) \(path) failed with HTTP \(status): "
                    + String(decoding: data.prefix(500), as: UTF8.self))
        }
        return data
    }
}

extension TestBroker {
    /// Sends a management request, retrying while the connection is refused: under a full parallel test run the
    /// management listener sometimes refuses for a moment. Nothing was sent then, so retrying is safe for any method.
    static func send(_ request: URLRequest) async throws -> (Data, URLResponse) {
        var attempt = 0
        while true {
            do {
                return try await URLSession.shared.data(for: request)
            } catch {
                let refused = (error as NSError).domain == NSURLErrorDomain
                    && (error as NSError).code == NSURLErrorCannotConnectToHost
                guard refused, attempt < 20 else { throw error }
                attempt += 1
                try await Task.sleep(for: .milliseconds(250))
            }
        }
    }
}

public struct TestBrokerError: Error, CustomStringConvertible {
    public let description: String
}
