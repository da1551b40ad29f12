import Contracts
import Foundation
import HTTPClient

/// What became of one sendMessage call.
public enum SendOutcome: Sendable, Equatable {
    /// Telegram accepted it.
    case sent(messageId: Int64?)
    /// 429: try again after `retryAfter` seconds.
    case floodLimited(retryAfter: Int)
    /// Will never succeed (403 bot blocked, 400 chat not found or a malformed message, 401/404 bad token).
    case permanent(String)
    /// Worth retrying (no answer, 5xx, an unreadable answer).
    case transient(String)
}

/// Sends one message to Telegram. The notifier's only way out.
public protocol TelegramSending: Sendable {
    func sendMessage(chatId: Int64, text: String, buttons: [[NotificationButton]]) async -> SendOutcome
}

/// `POST <base>/bot<token>/sendMessage` over our libcurl HTTPClient (parse_mode HTML). Never logs the URL (it
/// holds the token); one call per message, no internal retries: the queue decides what happens next.
public struct TelegramBotSender: TelegramSending {
    private let baseURL: String
    private let token: String
    private let http: HTTPClient
    private let timeout: Duration

    public init(baseURL: String, token: String, http: HTTPClient, timeout: Duration = .seconds(20)) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.http = http
        self.timeout = timeout
    }

    private struct InlineButton: Encodable {
        var text: String
        var callback_data: String?
        var url: String?
    }

    private struct Markup: Encodable {
        var inline_keyboard: [[InlineButton]]
    }

    private struct Parameters: Encodable {
        var chat_id: Int64
        var text: String
        var parse_mode = "HTML"
        var reply_markup: Markup?
    }

    private struct Answer: Decodable {
        struct Result: Decodable { var message_id: Int64? }
        struct Extra: Decodable { var retry_after: Int? }
        var ok: Bool
        var result: Result?
        var error_code: Int?
        var description: String?
        var parameters: Extra?
    }

    public func sendMessage(chatId: Int64, text: String, buttons: [[NotificationButton]]) async -> SendOutcome {
        let markup = buttons.isEmpty ? nil : Markup(inline_keyboard: buttons.map { row in
            row.map { InlineButton(text: $0.text, callback_data: $0.callbackData, url: $0.url) }
        })
        let body: Data
        do {
            body = try JSONEncoder().encode(Parameters(chat_id: chatId, text: text, reply_markup: markup))
        } catch {
            return .permanent("cannot encode the message: \(error)")
        }
        let response: HTTPResponse
        do {
            response = try await http.send(HTTPRequest(method: .post, url: "\(baseURL)/bot\(token)/sendMessage",
                                                       body: .data(body, contentType: "application/json"),
                                                       timeout: timeout))
        } catch is CancellationError {
            return .transient("cancelled before an answer")
        } catch let error as HTTPClientError {
            return .transient("no answer from Telegram: \(error.kind)")
        } catch {
            return .transient("no answer from Telegram")
        }
        return Self.classify(status: response.status, body: response.body)
    }

    static func classify(status: Int, body: Data) -> SendOutcome {
        guard let answer = try? JSONDecoder().decode(Answer.self, from: body) else {
            return status == 401 || status == 404 ? .permanent("HTTP \(status)") : .transient("HTTP \(status)")
        }
        if answer.ok { return .sent(messageId: answer.result?.message_id) }
        let description = answer.description ?? "HTTP \(status)"
        switch answer.error_code ?? status {
        case 429: return .floodLimited(retryAfter: answer.parameters?.retry_after ?? 1)
        case 400, 401, 403, 404: return .permanent(description)
        default: return .transient(description)
        }
    }
}
