import Foundation

/// A failed Bot API call. Never carries the token (the client's URLs are redacted by HTTPClient's logging, and
/// descriptions come from Telegram's answers).
public struct TelegramError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// 429: flood limit; wait `retryAfter` seconds.
        case tooManyRequests(retryAfter: Int)
        /// 403: the user blocked the bot (or the chat is gone).
        case forbidden
        /// 400: a request Telegram refused (the description says why).
        case badRequest
        /// 401/404: the token is wrong.
        case unauthorized
        /// 409: another getUpdates consumer or a webhook is active.
        case conflict
        /// No HTTP answer (connection, timeout) or a 5xx.
        case unavailable
        /// An answer that is not the Bot API's envelope.
        case malformedResponse
    }

    public let method: String
    public let kind: Kind
    public let detail: String

    public init(method: String, kind: Kind, detail: String) {
        self.method = method
        self.kind = kind
        self.detail = detail
    }

    /// "message is not modified" is harmless: the message already shows what we wanted.
    public var isMessageNotModified: Bool { kind == .badRequest && detail.contains("message is not modified") }

    /// A file_id Telegram does not know (any more): upload the file instead.
    public var isUnknownFileId: Bool {
        kind == .badRequest && (detail.contains("wrong file identifier") || detail.contains("invalid file_id"))
    }

    public var description: String { "Telegram \(method) failed (\(kind)): \(detail)" }
}
