import Foundation
import HTTPClient

/// The Telegram sandbox's control API (docs/telegram-sandbox.md), as far as the benchmark needs it.
struct SandboxControl: Sendable {
    let baseURL: String
    let http: HTTPClient

    struct Counters: Sendable {
        var messagesSent: Int
        var tooManyRequests: Int
        var errors: Int
    }

    func ready() async -> Bool {
        (try? await control(.get, "counters")) != nil
    }

    /// Each user writes /start so that the bot may write to them.
    func openChats(_ users: [Int64], concurrency: Int = 16) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var pending = users[...]
            func next() -> Int64? { pending.popFirst() }
            for _ in 0..<min(concurrency, users.count) {
                guard let user = next() else { break }
                group.addTask { try await self.open(user) }
            }
            while try await group.next() != nil {
                if let user = next() { group.addTask { try await self.open(user) } }
            }
        }
    }

    private func open(_ user: Int64) async throws {
        _ = try await control(.post, "messages",
                              body: #"{"user":{"id":\#(user),"first_name":"Гость"},"text":"/start"}"#)
    }

    func counters() async throws -> Counters {
        let result = try await control(.get, "counters") as? [String: Any] ?? [:]
        return Counters(messagesSent: result["messages_sent"] as? Int ?? 0,
                        tooManyRequests: result["too_many_requests"] as? Int ?? 0,
                        errors: result["errors"] as? Int ?? 0)
    }

    /// The texts the bot sent to `chat`, oldest first.
    func botTexts(_ chat: Int64) async throws -> [String] {
        let messages = try await control(.get, "chats/\(chat)/messages?from=bot") as? [[String: Any]] ?? []
        return messages.compactMap { $0["text"] as? String }
    }

    private func control(_ method: HTTPMethod, _ path: String, body: String? = nil) async throws -> Any {
        let request = HTTPRequest(method: method, url: "\(baseURL)/sandbox/\(path)",
                                  body: body.map { .data(Data($0.utf8), contentType: "application/json") } ?? .none,
                                  timeout: .seconds(60))
        let response = try await http.send(request)
        guard response.status == 200,
              let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any],
              object["ok"] as? Bool == true, let result = object["result"]
        else { throw BenchmarkFailure("sandbox \(path): HTTP \(response.status) \(response.text.prefix(300))") }
        return result
    }
}
