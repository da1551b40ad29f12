import Foundation

/// Command: send a message to a Telegram chat through the notifier's queue (its flood limits, retries and
/// exactly-once bookkeeping). Idempotent by `dedupeKey`: sending the same key again queues nothing.
///
/// `text` is Telegram HTML (escape user input: `&`, `<`, `>`); at most 4096 characters after parsing.
/// Never put access codes or other secrets here: the queue keeps the text until it is sent.
public struct SendNotification: Command {
    public static let messageType: MessageType = "notifier.send.v1"
    public static let destination: ServiceName = .notifier

    public var chatId: Int64
    public var text: String
    /// Inline keyboard rows; nil or empty for none.
    public var buttons: [[NotificationButton]]?
    /// Unique per intended message, chosen by the sender (e.g. "admin:broadcast:42:<chat>").
    public var dedupeKey: String
    /// Not before this instant (business clock); nil: as soon as the limits allow.
    public var notBefore: Date?

    public init(chatId: Int64, text: String, buttons: [[NotificationButton]]? = nil, dedupeKey: String,
                notBefore: Date? = nil)
    {
        self.chatId = chatId
        self.text = text
        self.buttons = buttons
        self.dedupeKey = dedupeKey
        self.notBefore = notBefore
    }
}

/// An inline button: `callbackData` (1–64 bytes, the gateway's format such as "m:menu") or `url`.
public struct NotificationButton: Codable, Sendable, Equatable {
    public var text: String
    public var callbackData: String?
    public var url: String?

    public init(text: String, callbackData: String? = nil, url: String? = nil) {
        self.text = text
        self.callbackData = callbackData
        self.url = url
    }
}
