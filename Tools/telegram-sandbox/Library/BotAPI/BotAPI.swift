import Foundation

/// The Telegram Bot API objects the sandbox returns, encoded with snake_case keys exactly as Telegram names them.
/// Optional fields that are nil are left out, as Telegram leaves them out.
public enum BotAPI {
    /// The encoder for everything the sandbox answers (Bot API and control API alike).
    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The decoder for typed control-API request bodies.
    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}

extension BotAPI {
    /// https://core.telegram.org/bots/api#user
    public struct User: Codable, Sendable, Equatable {
        public var id: Int64
        public var isBot: Bool
        public var firstName: String
        public var lastName: String?
        public var username: String?
        public var languageCode: String?
        // Only in getMe.
        public var canJoinGroups: Bool?
        public var canReadAllGroupMessages: Bool?
        public var supportsInlineQueries: Bool?
        public var canConnectToBusiness: Bool?
        public var hasMainWebApp: Bool?

        public init(id: Int64, isBot: Bool, firstName: String, lastName: String? = nil, username: String? = nil,
                    languageCode: String? = nil)
        {
            self.id = id
            self.isBot = isBot
            self.firstName = firstName
            self.lastName = lastName
            self.username = username
            self.languageCode = languageCode
        }
    }

    /// https://core.telegram.org/bots/api#chat (the fields Message.chat carries for a private chat).
    public struct Chat: Codable, Sendable, Equatable {
        public var id: Int64
        public var type: String
        public var title: String?
        public var username: String?
        public var firstName: String?
        public var lastName: String?
    }

    /// https://core.telegram.org/bots/api#messageentity
    public struct MessageEntity: Codable, Sendable, Equatable {
        public var type: String
        public var offset: Int
        public var length: Int
        public var url: String?
        public var user: User?
        public var language: String?
        public var customEmojiId: String?

        public init(type: String, offset: Int, length: Int, url: String? = nil, language: String? = nil,
                    customEmojiId: String? = nil)
        {
            self.type = type
            self.offset = offset
            self.length = length
            self.url = url
            self.language = language
            self.customEmojiId = customEmojiId
        }
    }

    /// https://core.telegram.org/bots/api#photosize
    public struct PhotoSize: Codable, Sendable, Equatable {
        public var fileId: String
        public var fileUniqueId: String
        public var width: Int
        public var height: Int
        public var fileSize: Int?
    }

    /// https://core.telegram.org/bots/api#document
    public struct Document: Codable, Sendable, Equatable {
        public var fileId: String
        public var fileUniqueId: String
        public var fileName: String?
        public var mimeType: String?
        public var fileSize: Int?
    }

    /// https://core.telegram.org/bots/api#contact
    public struct Contact: Codable, Sendable, Equatable {
        public var phoneNumber: String
        public var firstName: String
        public var lastName: String?
        public var userId: Int64?
    }

    /// https://core.telegram.org/bots/api#file
    public struct File: Codable, Sendable, Equatable {
        public var fileId: String
        public var fileUniqueId: String
        public var fileSize: Int?
        public var filePath: String?
    }

    /// https://core.telegram.org/bots/api#webhookinfo
    public struct WebhookInfo: Codable, Sendable, Equatable {
        public var url: String
        public var hasCustomCertificate: Bool
        public var pendingUpdateCount: Int
        public var ipAddress: String?
        public var lastErrorDate: Int?
        public var lastErrorMessage: String?
        public var maxConnections: Int?
        public var allowedUpdates: [String]?
    }

    /// https://core.telegram.org/bots/api#callbackquery
    public struct CallbackQuery: Codable, Sendable, Equatable {
        public var id: String
        public var from: User
        public var message: MaybeInaccessibleMessage?
        public var chatInstance: String
        public var data: String?
    }

    /// https://core.telegram.org/bots/api#chatmemberupdated (for a private chat: the bot blocked or unblocked).
    public struct ChatMemberUpdated: Codable, Sendable, Equatable {
        public var chat: Chat
        public var from: User
        public var date: Int
        public var oldChatMember: ChatMember
        public var newChatMember: ChatMember
    }

    public struct ChatMember: Codable, Sendable, Equatable {
        public var status: String
        public var user: User
        public var untilDate: Int?
    }

    /// https://core.telegram.org/bots/api#update
    public struct Update: Codable, Sendable, Equatable {
        public var updateId: Int
        public var message: Message?
        public var editedMessage: Message?
        public var callbackQuery: CallbackQuery?
        public var myChatMember: ChatMemberUpdated?

        public init(updateId: Int, message: Message? = nil, callbackQuery: CallbackQuery? = nil,
                    myChatMember: ChatMemberUpdated? = nil)
        {
            self.updateId = updateId
            self.message = message
            self.callbackQuery = callbackQuery
            self.myChatMember = myChatMember
        }

        /// The update's type as `allowed_updates` names it.
        public var kind: String {
            if message != nil { return "message" }
            if editedMessage != nil { return "edited_message" }
            if callbackQuery != nil { return "callback_query" }
            if myChatMember != nil { return "my_chat_member" }
            return "unknown"
        }
    }
}
