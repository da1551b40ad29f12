import Foundation
import HTTPClient
import Logging
import ServiceLifecycle
import TelegramSandbox
import TestSupport

/// A sandbox running in-process on a free loopback port for one test, with an HTTP client to talk to it over
/// real HTTP, and helpers for the Bot API and the control API.
struct Sandbox: Sendable {
    let baseURL: String
    let token: String
    let client: HTTPClient
    let server: SandboxServer
    /// Starts the graceful shutdown (as SIGTERM would); the client stays usable.
    let stop: @Sendable () async -> Void

    var botId: Int64 { server.configuration.bots[0].id }

    // MARK: Bot API

    /// `POST {base}/bot<token>/<method>` with a JSON body.
    func call(_ method: String, _ parameters: JSONValue = [:], token: String? = nil) async throws -> APIResult {
        let body = Data(parameters.jsonText.utf8)
        return try await send(HTTPRequest(method: .post, url: "\(baseURL)/bot\(token ?? self.token)/\(method)",
                                          body: .data(body, contentType: "application/json"),
                                          timeout: .seconds(90)))
    }

    /// `POST` with `application/x-www-form-urlencoded` parameters.
    func callForm(_ method: String, _ fields: [String: String]) async throws -> APIResult {
        try await send(HTTPRequest(method: .post, url: "\(baseURL)/bot\(token)/\(method)", body: .form(fields)))
    }

    /// `GET` with the parameters in the query string.
    func callQuery(_ method: String, _ query: String) async throws -> APIResult {
        try await send(HTTPRequest(method: .get, url: "\(baseURL)/bot\(token)/\(method)?\(query)"))
    }

    /// `POST` with a `multipart/form-data` body.
    func callMultipart(_ method: String, _ parts: [MultipartPart], token: String? = nil) async throws -> APIResult {
        try await send(HTTPRequest(method: .post, url: "\(baseURL)/bot\(token ?? self.token)/\(method)",
                                   body: .multipart(parts)))
    }

    /// `POST` with raw bytes of any content type.
    func callRaw(_ method: String, body: Data, contentType: String) async throws -> APIResult {
        try await send(HTTPRequest(method: .post, url: "\(baseURL)/bot\(token)/\(method)",
                                   body: .data(body, contentType: contentType)))
    }

    /// Sends a text message to `chatId` and returns the Message (the call must succeed).
    @discardableResult
    func sendText(_ chatId: Int64, _ text: String, extra: [String: JSONValue] = [:]) async throws -> JSONValue {
        var parameters: [String: JSONValue] = ["chat_id": .int(chatId), "text": .string(text)]
        for (key, value) in extra { parameters[key] = value }
        return try await call("sendMessage", .object(parameters)).requireResult()
    }

    func get(_ path: String) async throws -> HTTPResponse {
        try await client.send(HTTPRequest(method: .get, url: baseURL + path))
    }

    private func send(_ request: HTTPRequest) async throws -> APIResult {
        let response = try await client.send(request)
        return APIResult(status: response.status, headers: response.headers,
                         json: JSONValue.parse(response.body) ?? .null)
    }

    // MARK: Control API

    func control(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) async throws -> ControlResult {
        let request = HTTPRequest(method: method, url: "\(baseURL)/sandbox/\(path)",
                                  body: body.map { .data(Data($0.jsonText.utf8), contentType: "application/json") }
                                      ?? .none,
                                  timeout: .seconds(150))
        let response = try await client.send(request)
        return ControlResult(status: response.status, json: JSONValue.parse(response.body) ?? .null)
    }

    /// A user's text message to the bot; returns the injected Message.
    @discardableResult
    func userSays(_ text: String, from user: JSONValue = Sandbox.aigerim) async throws -> JSONValue {
        let result = try await control(.post, "messages", ["user": user, "text": .string(text)]).requireResult()
        return try requireValue(result["messages"]?[0], "injected message")
    }

    /// The user presses an inline button; returns the PressResult.
    func press(messageId: Int, data: String, userId: Int64 = 1001, forge: Bool = false) async throws -> ControlResult {
        try await control(.post, "callbacks", ["user_id": .int(userId), "message_id": .int(Int64(messageId)),
                                               "callback_data": .string(data), "forge": .bool(forge)])
    }

    /// The updates waiting for the bot, confirming everything before (like a bot loop would).
    func drainUpdates() async throws -> [JSONValue] {
        let updates = try await call("getUpdates", ["timeout": 0]).requireResult().arrayValue ?? []
        if let last = updates.last?["update_id"]?.int64Value {
            _ = try await call("getUpdates", ["offset": .int(last + 1), "timeout": 0])
        }
        return updates
    }

    static let aigerim: JSONValue = ["id": 1001, "first_name": "Айгерим", "username": "aigerim",
                                     "language_code": "ru"]
}

/// A Bot API answer: status, headers and the decoded envelope.
struct APIResult: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let json: JSONValue

    var ok: Bool { json["ok"]?.boolValue == true }
    var result: JSONValue? { json["result"] }
    var description: String? { json["description"]?.stringValue }
    var errorCode: Int? { json["error_code"]?.intValue }

    func requireResult() throws -> JSONValue {
        guard ok, let result else { throw UnexpectedAnswer(detail: "expected ok, got \(status) \(json.jsonText)") }
        return result
    }
}

/// A control-API answer.
struct ControlResult: Sendable {
    let status: Int
    let json: JSONValue

    var ok: Bool { json["ok"]?.boolValue == true }
    var result: JSONValue? { json["result"] }
    var error: String? { json["error"]?.stringValue }

    func requireResult() throws -> JSONValue {
        guard ok, let result else { throw UnexpectedAnswer(detail: "expected ok, got \(status) \(json.jsonText)") }
        return result
    }
}

struct UnexpectedAnswer: Error, CustomStringConvertible {
    let detail: String
    var description: String { detail }
}

func requireValue<T>(_ value: T?, _ what: String) throws -> T {
    guard let value else { throw UnexpectedAnswer(detail: "missing \(what)") }
    return value
}

extension SandboxConfiguration {
    /// A sandbox on a free port with flood limits off (tests that need them switch them on).
    static func forTests(flood: FloodSettings = .off, callbackAnswerWindow: Duration = .seconds(15),
                         extraBots: [BotAccount] = []) -> SandboxConfiguration
    {
        SandboxConfiguration(
            host: "127.0.0.1", port: 0,
            bots: [BotAccount(id: 123_456, token: "123456:sandbox-token", username: "zhilyego_bot",
                              firstName: "ЖильеGO")] + extraBots,
            flood: flood, callbackAnswerWindow: callbackAnswerWindow, webhookRetryDelay: .milliseconds(200),
            webhookMaxRetryDelay: .seconds(1), webhookTimeout: .seconds(5))
    }
}

/// Runs a sandbox for the duration of `body`, then shuts it down gracefully (as SIGTERM would).
func withSandbox<T: Sendable>(_ configuration: SandboxConfiguration = .forTests(),
                              _ body: @Sendable (Sandbox) async throws -> T) async throws -> T
{
    var logger = Logger(label: "telegram-sandbox-tests")
    logger.logLevel = .critical
    let server = SandboxServer(configuration: configuration, logger: logger)
    let client = HTTPClient(configuration: HTTPClientConfiguration(defaultTimeout: .seconds(30)))
    do {
        let result = try await withInProcessServer(label: "telegram-sandbox-tests",
                                                   services: { server.services(onServerRunning: $0) }) { port, stop in
            try await body(Sandbox(baseURL: "http://127.0.0.1:\(port)", token: configuration.bots[0].token,
                                   client: client, server: server, stop: stop))
        }
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}
