import Foundation

extension BotAPI {
    /// https://core.telegram.org/bots/api#message — the fields the sandbox produces.
    public struct Message: Codable, Sendable, Equatable {
        public var messageId: Int
        public var from: User?
        public var date: Int
        public var chat: Chat
        public var replyToMessage: ReplyToMessage?
        public var editDate: Int?
        public var mediaGroupId: String?
        public var text: String?
        public var entities: [MessageEntity]?
        public var caption: String?
        public var captionEntities: [MessageEntity]?
        public var photo: [PhotoSize]?
        public var document: Document?
        public var contact: Contact?
        /// Only inline keyboards are part of a Message; other markup is not returned by Telegram.
        public var replyMarkup: JSONValue?
    }

    /// `reply_to_message`: a Message without its own `reply_to_message` (one level, as Telegram sends it).
    /// A final class so that `Message` can contain it without being infinitely large; immutable, hence Sendable.
    public final class ReplyToMessage: Codable, Sendable, Equatable {
        public let message: Message

        public init(_ message: Message) {
            var flat = message
            flat.replyToMessage = nil
            self.message = flat
        }

        public init(from decoder: any Decoder) throws {
            message = try Message(from: decoder)
        }

        public func encode(to encoder: any Encoder) throws {
            try message.encode(to: encoder)
        }

        public static func == (lhs: ReplyToMessage, rhs: ReplyToMessage) -> Bool {
            lhs.message == rhs.message
        }
    }

    /// A callback query's `message`: the message when the bot can still see it, otherwise an
    /// InaccessibleMessage (`date` 0), as Telegram sends for deleted or unknown messages.
    public enum MaybeInaccessibleMessage: Codable, Sendable, Equatable {
        case message(Message)
        case inaccessible(chat: Chat, messageId: Int)

        private enum CodingKeys: String, CodingKey {
            case chat, messageId, date
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            if try container.decode(Int.self, forKey: .date) == 0 {
                self = .inaccessible(chat: try container.decode(Chat.self, forKey: .chat),
                                     messageId: try container.decode(Int.self, forKey: .messageId))
            } else {
                self = .message(try Message(from: decoder))
            }
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .message(let message):
                try message.encode(to: encoder)
            case .inaccessible(let chat, let messageId):
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(chat, forKey: .chat)
                try container.encode(messageId, forKey: .messageId)
                try container.encode(0, forKey: .date)
            }
        }
    }
}
