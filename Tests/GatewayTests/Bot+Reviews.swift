import Contracts
import Foundation
import Gateway
import Messaging
import Testing
import TestSupport

// Helpers of the review tests: raw button presses, photos sent by the user, waiting for a particular message.

extension ChatDriver {
    /// Presses a button with `data` on message `messageId` (forged: the message need not show it, as a notifier
    /// message or an old client would) and waits until the bot answered. Returns the answer's text, if any.
    @discardableResult
    func pressData(_ data: String, on messageId: Int, forge: Bool = true) async throws -> String? {
        let press = try await bot.control("POST", "/sandbox/callbacks",
                                          ["user_id": userId, "message_id": messageId, "callback_data": data,
                                           "forge": forge])
        let id = try #require(press["callback_query_id"] as? String)
        let answer = try await bot.control("GET", "/sandbox/callbacks/\(id)?timeout=60")
        guard answer["answered"] as? Bool == true else {
            throw TimedOut(what: "answer to \(data) in chat \(userId)", diagnostics: "\(answer)")
        }
        return (answer["answer"] as? [String: Any])?["text"] as? String
    }

    /// The user sends one photo, or an album of several; returns the ids of the user's messages.
    @discardableResult
    func sendPhotos(_ photos: [Data]) async throws -> [Int] {
        let sent = try await bot.control("POST", "/sandbox/photos", [
            "user": ["id": userId, "first_name": "Тест\(userId)"],
            "photos": photos.map { ["data_base64": $0.base64EncodedString()] },
        ])
        let messages = sent["messages"] as? [[String: Any]] ?? []
        return messages.compactMap { $0["message_id"] as? Int }
    }

    /// The user's photo message `id` as the sandbox stored it: the file_id of its largest size.
    func userPhotoFileId(_ id: Int) async throws -> String {
        let all = try await bot.controlValue("GET", "/sandbox/chats/\(userId)/messages") as? [[String: Any]] ?? []
        let message = try #require(all.first { $0["message_id"] as? Int == id })
        return try #require(SandboxMessage(json: message).photoFileId)
    }

    /// The first bot message after message `id` that satisfies `predicate`, waiting for it.
    func firstMessage(after id: Int, _ what: String,
                      where predicate: @escaping @Sendable (SandboxMessage) -> Bool) async throws -> SandboxMessage
    {
        try await waitUntil("«\(what)» after message \(id) in chat \(userId)", deadline: .seconds(90)) {
            try await botMessages().contains { $0.id > id && predicate($0) }
        }
        return try #require(try await botMessages().first { $0.id > id && predicate($0) })
    }

    /// The first bot message after `id` whose text is exactly `text`.
    func firstMessage(after id: Int, text: String) async throws -> SandboxMessage {
        try await firstMessage(after: id, text) { $0.text == text }
    }

    /// The id of the newest message in the chat (the user's or the bot's).
    func lastMessageId() async throws -> Int {
        let all = try await bot.controlValue("GET", "/sandbox/chats/\(userId)/messages") as? [[String: Any]] ?? []
        return all.compactMap { $0["message_id"] as? Int }.max() ?? 0
    }
}

enum ReviewFixtures {
    /// A minimal PNG header (signature and IHDR) of `width`×`height`: enough for the sandbox and the gateway,
    /// which read dimensions from headers only. `seed` makes the bytes (and so the stored file) differ.
    static func png(width: Int = 640, height: Int = 480, seed: UInt8 = 0) -> Data {
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
        bytes += Array("IHDR".utf8)
        for value in [width, height] {
            bytes += [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        }
        bytes += [8, 2, 0, 0, 0, 0, 0, 0, seed]
        return Data(bytes)
    }
}
