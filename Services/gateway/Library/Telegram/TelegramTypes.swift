import Foundation
import Presentation

/// The parts of Bot API objects the gateway reads. Keys are snake_case on the wire (the client's coders convert).
public struct TelegramUser: Codable, Sendable, Equatable {
    public var id: Int64
    public var isBot: Bool?
    public var firstName: String?
    public var username: String?
}

public struct TelegramChat: Codable, Sendable, Equatable {
    public var id: Int64
    /// "private", "group", "supergroup" or "channel".
    public var type: String?

    /// A one-to-one chat with a user (a chat without a type, as tests may build, counts as one).
    public var isPrivate: Bool { type == nil || type == "private" }
}

public struct TelegramPhotoSize: Codable, Sendable, Equatable {
    public var fileId: String
    public var fileUniqueId: String?
    public var width: Int?
    public var height: Int?
}

public struct TelegramMessage: Codable, Sendable, Equatable {
    public var messageId: Int
    public var date: Int
    public var chat: TelegramChat
    public var from: TelegramUser?
    public var text: String?
    public var photo: [TelegramPhotoSize]?
    public var mediaGroupId: String?
    public var contact: TelegramContact?
    /// A file sent as a document (the guest may send a picture «без сжатия», or anything else).
    public var document: TelegramDocument?
    public var caption: String?
    /// The inline keyboard under the message (a pressed message arrives with it).
    public var replyMarkup: TelegramInlineKeyboard?
}

/// An inline keyboard as Telegram shows a received message's `reply_markup`.
public struct TelegramInlineKeyboard: Codable, Sendable, Equatable {
    public struct Button: Codable, Sendable, Equatable {
        public var text: String
        public var callbackData: String?
    }

    public var inlineKeyboard: [[Button]]?
}

/// A general file (https://core.telegram.org/bots/api#document).
public struct TelegramDocument: Codable, Sendable, Equatable {
    public var fileId: String
    public var fileUniqueId: String?
    public var fileName: String?
    public var mimeType: String?
    public var fileSize: Int?
}

/// A file ready to download (https://core.telegram.org/bots/api#file): `<base>/file/bot<token>/<filePath>`.
public struct TelegramFile: Codable, Sendable, Equatable {
    public var fileId: String
    public var fileUniqueId: String?
    public var fileSize: Int?
    public var filePath: String?
}

public struct TelegramCallbackQuery: Codable, Sendable, Equatable {
    public var id: String
    public var from: TelegramUser
    /// Absent for inline-mode messages; `date == 0` for an inaccessible (old) message.
    public var message: TelegramMessage?
    public var data: String?
}

public struct TelegramUpdate: Codable, Sendable, Equatable {
    public var updateId: Int64
    public var message: TelegramMessage?
    public var callbackQuery: TelegramCallbackQuery?
}

/// A button under a message.
public struct InlineButton: Codable, Sendable, Equatable {
    public var text: String
    public var callbackData: String

    public init(_ text: String, _ data: CallbackData) {
        self.text = text
        self.callbackData = data.packed
    }
}

/// What may follow a message: an inline keyboard, a persistent reply keyboard, or nothing.
public enum ReplyMarkup: Sendable, Equatable, Encodable {
    case inline([[InlineButton]])
    case keyboard([[String]])
    /// A one-time reply keyboard: a button that shares the user's own contact, and a plain `cancel` button.
    case requestContact(button: String, cancel: String)

    private enum Keys: String, CodingKey { case inlineKeyboard, keyboard, resizeKeyboard, isPersistent, oneTimeKeyboard }
    private struct KeyboardButton: Encodable {
        var text: String
        var requestContact: Bool? = nil
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Keys.self)
        switch self {
        case .inline(let rows):
            try container.encode(rows, forKey: .inlineKeyboard)
        case .keyboard(let rows):
            try container.encode(rows.map { $0.map { KeyboardButton(text: $0) } }, forKey: .keyboard)
            try container.encode(true, forKey: .resizeKeyboard)
            try container.encode(true, forKey: .isPersistent)
        case .requestContact(let button, let cancel):
            try container.encode([[KeyboardButton(text: button, requestContact: true)], [KeyboardButton(text: cancel)]],
                                 forKey: .keyboard)
            try container.encode(true, forKey: .resizeKeyboard)
            try container.encode(true, forKey: .oneTimeKeyboard)
        }
    }
}

/// A photo to send: bytes uploaded once, or a `file_id` Telegram gave us before.
public enum PhotoSource: Sendable, Equatable {
    case upload(Data, filename: String, mimeType: String)
    case fileId(String)
}
