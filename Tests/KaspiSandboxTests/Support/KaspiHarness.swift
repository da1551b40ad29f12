import Foundation
import HTTPClient
import KaspiSandbox
import Logging
import ServiceLifecycle
import TestSupport

/// A Kaspi sandbox running in-process on a free loopback port for one test, with a client to talk to it over
/// real HTTP: the partner API with the right key, the control API, pages.
struct KaspiSandbox: Sendable {
    let baseURL: String
    let client: HTTPClient
    let server: KaspiSandboxServer

    var configuration: KaspiSandboxConfiguration { server.configuration }
    var apiBase: String { "\(baseURL)/r3/v01" }

    /// A partner API call: `path` relative to `/r3/v01/`, with `Api-Key` (the configured one unless given).
    func partner(_ method: HTTPMethod, _ path: String, _ body: KaspiJSON? = nil, apiKey: String? = nil,
                 rawBody: String? = nil) async throws -> PartnerAnswer
    {
        var headers: HTTPHeaders = ["X-Request-ID": UUID().uuidString]
        let key = apiKey ?? configuration.apiKey
        if !key.isEmpty { headers.add(name: "Api-Key", value: key) }
        let text = rawBody ?? body?.text
        let response = try await client.send(HTTPRequest(
            method: method, url: "\(apiBase)/\(path)", headers: headers,
            body: text.map { .data(Data($0.utf8), contentType: "application/json") } ?? .none))
        return PartnerAnswer(status: response.status, json: KaspiJSON.parse(response.body) ?? .null)
    }

    /// The merchant fields every r3 call carries.
    var merchant: [(String, KaspiJSON)] {
        [("OrganizationBin", .string(configuration.organizationBin)),
         ("DeviceToken", .string(configuration.deviceToken))]
    }

    /// `remote/create` for `phone` and `amount` (decimal text); returns the QrPaymentId (the call must succeed).
    func createInvoice(phone: String = "77011234567", amount: String = "15000.00", comment: String = "Бронь 100042")
        async throws -> Int64
    {
        let answer = try await partner(.post, "remote/create", .object(merchant + [
            ("TradePointId", .int(configuration.tradePointId)), ("PhoneNumber", .string(phone)),
            ("Amount", .number(amount)), ("Comment", .string(comment)), ("ExternalId", .string("100042")),
        ]))
        guard answer.statusCode == 0, let id = answer.data?["QrPaymentId"]?.int64Value else {
            throw UnexpectedAnswer(detail: "remote/create: \(answer.json.text)")
        }
        return id
    }

    func status(_ id: Int64) async throws -> String? {
        try await partner(.get, "payment/status/\(id)").data?["Status"]?.stringValue
    }

    /// A control API call: `path` relative to `/sandbox/`.
    func control(_ method: HTTPMethod, _ path: String, _ body: KaspiJSON? = nil) async throws -> ControlAnswer {
        let response = try await client.send(HTTPRequest(
            method: method, url: "\(baseURL)/sandbox/\(path)",
            body: body.map { .data(Data($0.text.utf8), contentType: "application/json") } ?? .none,
            timeout: .seconds(120)))
        return ControlAnswer(status: response.status, json: KaspiJSON.parse(response.body) ?? .null)
    }

    func get(_ path: String) async throws -> HTTPResponse {
        try await client.send(HTTPRequest(method: .get, url: baseURL + path))
    }
}

struct PartnerAnswer: Sendable {
    let status: Int
    let json: KaspiJSON

    var statusCode: Int64? { json["StatusCode"]?.int64Value }
    var data: KaspiJSON? { json["Data"] }
}

struct ControlAnswer: Sendable {
    let status: Int
    let json: KaspiJSON

    var ok: Bool { json["ok"] == .bool(true) }
    var result: KaspiJSON? { json["result"] }
    var error: String? { json["error"]?.stringValue }
}

struct UnexpectedAnswer: Error, CustomStringConvertible {
    let detail: String
    var description: String { detail }
}

/// A clock the test moves by hand (expiry without waiting). Thread safety (hence `@unchecked Sendable`): `current`
/// is guarded by `lock`.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_795_000_000)

    var now: Date { lock.withLock { current } }

    func advance(_ duration: Duration) {
        lock.withLock {
            current = current.addingTimeInterval(TimeInterval(duration.components.seconds)
                + TimeInterval(duration.components.attoseconds) / 1e18)
        }
    }
}

extension KaspiSandboxConfiguration {
    /// Port 0, fast pay-by-account retries.
    static func forTests(clock: ManualClock? = nil) -> KaspiSandboxConfiguration {
        var configuration = KaspiSandboxConfiguration(port: 0, accountRequestTimeout: .seconds(10),
                                                      accountRetryDelay: .milliseconds(50), accountMaxAttempts: 4)
        if let clock { configuration.now = { clock.now } }
        return configuration
    }
}

/// Runs a sandbox for the duration of `body`, then stops it.
func withKaspiSandbox<T: Sendable>(_ configuration: KaspiSandboxConfiguration = .forTests(),
                                   _ body: @Sendable (KaspiSandbox) async throws -> T) async throws -> T
{
    var logger = Logger(label: "kaspi-sandbox-tests")
    logger.logLevel = .critical
    let server = KaspiSandboxServer(configuration: configuration, logger: logger)
    let client = HTTPClient(configuration: HTTPClientConfiguration(defaultTimeout: .seconds(30)))
    do {
        let result = try await withInProcessServer(label: "kaspi-sandbox-tests",
                                                   services: { server.services(onServerRunning: $0) }) { port, _ in
            try await body(KaspiSandbox(baseURL: "http://127.0.0.1:\(port)", client: client, server: server))
        }
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}
