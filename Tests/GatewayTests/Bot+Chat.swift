import Foundation
import Testing
import TestSupport

/// A message the bot sent, as the sandbox shows it.
struct SandboxMessage: @unchecked Sendable {
    // @unchecked: an immutable JSON object decoded once, only read afterwards.
    let json: [String: Any]

    var id: Int { json["message_id"] as? Int ?? 0 }
    var text: String? { json["text"] as? String }
    var mediaGroupId: String? { json["media_group_id"] as? String }
    /// The file_id of the largest size of the photo, when the message is a photo.
    var photoFileId: String? { (json["photo"] as? [[String: Any]])?.last?["file_id"] as? String }
    /// Inline buttons as (text, callback_data), row by row flattened.
    var buttons: [(text: String, data: String)] {
        let markup = json["reply_markup"] as? [String: Any]
        let rows = markup?["inline_keyboard"] as? [[[String: Any]]] ?? []
        return rows.flatMap { row in
            row.compactMap { button in
                guard let text = button["text"] as? String else { return nil }
                return (text, button["callback_data"] as? String ?? "")
            }
        }
    }
    var buttonTexts: [String] { buttons.map(\.text) }

    /// The button whose text is `label` or starts with «label · ».
    func button(_ label: String) throws -> String {
        guard let found = buttons.first(where: { $0.text == label || $0.text.hasPrefix(label + " · ") }) else {
            throw TimedOut(what: "button «\(label)»", diagnostics: "buttons: \(buttonTexts)")
        }
        return found.data
    }
}

/// One user's conversation with the bot through the sandbox's control API.
struct ChatDriver: Sendable {
    let bot: Bot
    let userId: Int

    /// Sends `text` as the user; returns the id of the user's message.
    @discardableResult
    func say(_ text: String) async throws -> Int {
        let sent = try await bot.control("POST", "/sandbox/messages",
                                         ["user": ["id": userId, "first_name": "Тест\(userId)"], "text": text])
        let messages = sent["messages"] as? [[String: Any]] ?? []
        return try #require(messages.first?["message_id"] as? Int, "the sandbox returns the injected message")
    }

    /// The bot's first message after `afterId` (default: after the user's latest message), waiting for it.
    func next(after afterId: Int? = nil) async throws -> SandboxMessage {
        let query = afterId.map { "&after_message_id=\($0)" } ?? ""
        return SandboxMessage(json: try await bot.control("GET", "/sandbox/chats/\(userId)/next?timeout=60\(query)"))
    }

    /// The message `id` as it is now (after edits).
    func message(_ id: Int) async throws -> SandboxMessage {
        let all = try await bot.controlValue("GET", "/sandbox/chats/\(userId)/messages?from=bot") as? [[String: Any]] ?? []
        guard let found = all.first(where: { $0["message_id"] as? Int == id }) else {
            throw TimedOut(what: "message \(id) in chat \(userId)", diagnostics: "\(all.count) bot messages")
        }
        return SandboxMessage(json: found)
    }

    /// Presses the button `label` of message `message` and waits until the bot answered the callback query
    /// (the gateway answers after it handled the press). Returns the answer's text, if any.
    @discardableResult
    /// `forge` presses a button the message no longer shows (an old client still displaying it).
    func press(_ label: String, on message: SandboxMessage, forge: Bool = false) async throws -> String? {
        let data = try message.button(label)
        let press = try await bot.control("POST", "/sandbox/callbacks",
                                          ["user_id": userId, "message_id": message.id, "callback_data": data,
                                           "forge": forge])
        let id = try #require(press["callback_query_id"] as? String)
        let answer = try await bot.control("GET", "/sandbox/callbacks/\(id)?timeout=60")
        guard answer["answered"] as? Bool == true else {
            throw TimedOut(what: "answer to «\(label)» in chat \(userId)", diagnostics: "\(answer)")
        }
        return (answer["answer"] as? [String: Any])?["text"] as? String
    }

    /// Presses `label` on the wizard message and returns that message as edited.
    func pressInPlace(_ label: String, on message: SandboxMessage) async throws -> SandboxMessage {
        try await press(label, on: message)
        return try await self.message(message.id)
    }

    /// Collects the album (photo messages) and the card that follow message `afterId`.
    func albumAndCard(after afterId: Int) async throws -> (album: [SandboxMessage], card: SandboxMessage) {
        var album: [SandboxMessage] = []
        var last = afterId
        while true {
            let message = try await next(after: last)
            last = message.id
            if message.photoFileId != nil {
                album.append(message)
            } else {
                return (album, message)
            }
        }
    }
}
