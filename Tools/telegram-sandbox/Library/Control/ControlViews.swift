/// What the control API shows of a chat (`GET /sandbox/chats/{chat_id}`).
public struct ChatView: Codable, Sendable {
    public var botId: Int64
    public var chatId: Int64
    public var user: SandboxUser
    public var blocked: Bool
    /// Bumped on every change in the chat; pass it back as `since_revision` to wait for the next change.
    public var revision: Int
    /// The reply keyboard the user's client shows now, if any.
    public var replyKeyboard: JSONValue?
    public var chatAction: ChatActionView?
    public var messages: [ChatMessageView]
}

public struct ChatActionView: Codable, Sendable, Equatable {
    public var action: String
    public var date: Int
}

/// One message of a chat as the control API shows it, including what Telegram would not return to a bot:
/// reply keyboards, earlier versions and deletion.
public struct ChatMessageView: Codable, Sendable, Equatable {
    public var messageId: Int
    /// "bot" or "user".
    public var from: String
    public var date: Int
    public var text: String?
    public var entities: [BotAPI.MessageEntity]?
    public var caption: String?
    public var captionEntities: [BotAPI.MessageEntity]?
    public var photo: [BotAPI.PhotoSize]?
    public var document: BotAPI.Document?
    public var contact: BotAPI.Contact?
    public var mediaGroupId: String?
    /// Any markup: inline keyboard, reply keyboard, remove_keyboard or force_reply.
    public var replyMarkup: JSONValue?
    public var replyToMessageId: Int?
    public var editDate: Int?
    /// Earlier versions, oldest first (empty when never edited).
    public var edits: [MessageVersion]
    public var deleted: Bool
}

/// An earlier version of an edited message.
public struct MessageVersion: Codable, Sendable, Equatable {
    public var date: Int
    public var text: String?
    public var entities: [BotAPI.MessageEntity]?
    public var caption: String?
    public var captionEntities: [BotAPI.MessageEntity]?
    public var replyMarkup: JSONValue?
}

/// A chat in the list of chats (`GET /sandbox/chats`).
public struct ChatSummary: Codable, Sendable {
    public var botId: Int64
    public var chatId: Int64
    public var user: SandboxUser
    public var blocked: Bool
    public var revision: Int
    public var messageCount: Int
    public var lastMessageDate: Int?
}

/// A callback query and the bot's answer (`GET /sandbox/callbacks`).
public struct CallbackView: Codable, Sendable, Equatable {
    public var id: String
    public var botId: Int64
    public var chatId: Int64
    public var userId: Int64
    public var messageId: Int
    public var data: String
    public var date: Int
    public var forged: Bool
    public var answered: Bool
    /// True once the answer window has passed without an answer.
    public var expired: Bool
    public var answer: CallbackAnswerView?
}

public struct CallbackAnswerView: Codable, Sendable, Equatable {
    public var text: String?
    public var showAlert: Bool
    public var url: String?
    public var cacheTime: Int?
    public var date: Int
}

/// A bot the sandbox serves (`GET /sandbox/bots`); the token is not shown.
public struct BotView: Codable, Sendable {
    public var id: Int64
    public var username: String
    public var firstName: String
    public var webhookUrl: String?
    public var pendingUpdateCount: Int
    /// getUpdates calls waiting right now.
    public var activeLongPolls: Int
}

/// The result of injecting user input: the updates created and the messages they carry.
public struct InjectionResult: Codable, Sendable {
    public var updateIds: [Int]
    public var messages: [BotAPI.Message]
}

/// The result of pressing an inline button.
public struct PressResult: Codable, Sendable {
    public var updateId: Int
    public var callbackQueryId: String
    public var callbackQuery: BotAPI.CallbackQuery
}
