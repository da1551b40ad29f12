import Contracts
import Foundation
import HTTPClient
import Testing
import TestSupport

/// The real gateway, catalog and booking executables against an in-process Telegram sandbox.
@Suite struct GatewayEndToEndTests {
    @Test func greetsWithExactTextAndFourMenuButtons() async throws {
        try await withBot { bot in
            _ = try await bot.control("POST", "/sandbox/messages",
                                      ["user": ["id": 1001, "first_name": "Айгерим"], "text": "/start"])
            let reply = try await bot.control("GET", "/sandbox/chats/1001/next?timeout=30")
            #expect(reply["text"] as? String == "Привет! Я ЖильеGO — помогу быстро найти и забронировать квартиру на сутки.")
            let markup = reply["reply_markup"] as? [String: Any]
            let rows = markup?["keyboard"] as? [[[String: Any]]] ?? []
            let labels = rows.flatMap { $0.compactMap { $0["text"] as? String } }
            #expect(labels == ["Поиск квартир", "Мои бронирования", "Статус текущей брони", "Помощь"])
        }
    }

    @Test func staleButtonLeadsBackToMenuAndIsAnswered() async throws {
        try await withBot { bot in
            _ = try await bot.control("POST", "/sandbox/messages",
                                      ["user": ["id": 1002, "first_name": "Ерлан"], "text": "/start"])
            _ = try await bot.control("GET", "/sandbox/chats/1002/next?timeout=30")
            let press = try await bot.control("POST", "/sandbox/callbacks",
                                              ["user_id": 1002, "message_id": 999, "callback_data": "s:c:1",
                                               "forge": true])
            let id = try #require(press["callback_query_id"] as? String)
            let answered = try await bot.control("GET", "/sandbox/callbacks/\(id)?timeout=30")
            #expect(answered["answered"] as? Bool == true)
        }
    }
}

struct Bot: Sendable {
    let baseURL: String
    let client: HTTPClient
    let platform: PlatformHarness

    func control(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        try await controlValue(method, path, body) as? [String: Any] ?? [:]
    }

    /// The `result` of a control call, whatever its JSON type.
    func controlValue(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let request = HTTPRequest(method: method == "GET" ? .get : .post, url: baseURL + path,
                                  body: data.map { .data($0, contentType: "application/json") } ?? .none,
                                  timeout: .seconds(60))
        let response = try await client.send(request)
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        guard object?["ok"] as? Bool == true else {
            throw TimedOut(what: "control \(method) \(path) ok", diagnostics: response.text)
        }
        return object?["result"] ?? [:]
    }
}

/// Sandbox in-process, catalog + booking + gateway as processes; the bot's chats are driven through the sandbox.
/// With `demoCatalog`, the demo catalog is loaded into the catalog schema (by `zhilyego-ops demo-catalog`, as an
/// operator would) before the gateway starts.
func withBot(demoCatalog: Bool = false, _ body: @Sendable (Bot) async throws -> Void) async throws {
    try await withRestartableBot(demoCatalog: demoCatalog) { bot, _ in try await body(bot) }
}

/// Runs `zhilyego-ops demo-catalog` against the harness's catalog schema and waits for it to finish.
func loadDemoCatalog(_ platform: PlatformHarness) async throws {
    let ops = try ServiceProcess(name: "zhilyego-ops", port: 0, environment: [
        "DATABASE_URL": platform.databaseURLs[.catalog] ?? "",
        "CODES_ENCRYPTION_KEYS": "k1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        "ZHILYEGO_ENV": "test", "LOG_LEVEL": "warning",
    ], arguments: ["demo-catalog"])
    let status = await ops.waitForExit(deadline: .seconds(600))
    guard status == 0 else {
        throw TimedOut(what: "zhilyego-ops demo-catalog to succeed (status \(status))", diagnostics: ops.log)
    }
}
