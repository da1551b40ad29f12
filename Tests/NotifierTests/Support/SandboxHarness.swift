import Contracts
import Database
import Foundation
import HTTPClient
import Logging
import TelegramSandbox
import TestSupport

/// The Telegram sandbox in-process on a free loopback port, with the control-API calls the notifier tests need.
struct SandboxHarness: Sendable {
    static let token = "123456:sandbox-token"

    let baseURL: String
    let client: HTTPClient

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    func control(_ method: HTTPMethod, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        let request = HTTPRequest(method: method, url: "\(baseURL)/sandbox/\(path)",
                                  body: body.map { .data(Data($0.jsonText.utf8), contentType: "application/json") }
                                      ?? .none,
                                  timeout: .seconds(60))
        let response = try await client.send(request)
        guard let json = JSONValue.parse(response.body), json["ok"]?.boolValue == true, let result = json["result"]
        else { throw Failure(description: "sandbox \(path): HTTP \(response.status) \(response.text)") }
        return result
    }

    /// Each user writes /start, so the bot may write to them (Telegram: a chat exists once the user started it).
    func openChats(_ users: [Int64]) async throws {
        for user in users {
            _ = try await control(.post, "messages", ["user": ["id": .int(user), "first_name": "Гость"],
                                                      "text": "/start"])
        }
    }

    func block(_ user: Int64) async throws {
        _ = try await control(.post, "users/\(user)/block", [:])
    }

    /// The bot's sends to `chat` wait unanswered until ``release(_:)``.
    func hold(_ chat: Int64) async throws {
        _ = try await control(.post, "chats/\(chat)/hold", [:])
    }

    func release(_ chat: Int64) async throws {
        _ = try await control(.post, "chats/\(chat)/release", [:])
    }

    /// The texts the bot sent to `chat`, in order.
    func botTexts(_ chat: Int64) async throws -> [String] {
        try await botMessages(chat).compactMap { $0["text"]?.stringValue }
    }

    func botMessages(_ chat: Int64) async throws -> [JSONValue] {
        let messages = try await control(.get, "chats/\(chat)/messages?from=bot").arrayValue ?? []
        return messages
    }

    func counter(_ name: String) async throws -> Int64 {
        try await control(.get, "counters")[name]?.int64Value ?? 0
    }

    func setFlood(_ settings: JSONValue) async throws {
        _ = try await control(.put, "flood", settings)
    }
}

/// Runs a sandbox (flood limits as given, Telegram's by default) for `body`, then stops it.
func withSandbox<T: Sendable>(flood: FloodSettings = FloodSettings(),
                              _ body: @Sendable (SandboxHarness) async throws -> T) async throws -> T
{
    var logger = Logger(label: "notifier-tests-sandbox")
    logger.logLevel = .critical
    let configuration = SandboxConfiguration(
        host: "127.0.0.1", port: 0,
        bots: [BotAccount(id: 123_456, token: SandboxHarness.token, username: "zhilyego_bot", firstName: "ЖильеGO")],
        flood: flood, historyPerChat: 1000)
    let server = SandboxServer(configuration: configuration, logger: logger)
    let client = HTTPClient(configuration: HTTPClientConfiguration(defaultTimeout: .seconds(60)))
    do {
        let result = try await withInProcessServer(label: "notifier-tests-sandbox",
                                                   services: { server.services(onServerRunning: $0) }) { port, _ in
            try await body(SandboxHarness(baseURL: "http://127.0.0.1:\(port)", client: client))
        }
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}
