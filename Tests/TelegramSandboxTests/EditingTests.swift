import Foundation
import HTTPClient
import Testing
import TelegramSandbox

@Suite struct EditingTests {
    private let keyboard: JSONValue = ["inline_keyboard": [[["text": "Следующая", "callback_data": "card:next"]]]]

    @Test func editsTextAndKeepsTheHistory() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let sent = try await sandbox.sendText(1001, "Карточка 1 из 7", extra: ["reply_markup": keyboard])
            let id = try requireValue(sent["message_id"], "message_id")
            let edited = try await sandbox.call("editMessageText", [
                "chat_id": 1001, "message_id": id, "text": "<b>Карточка 2</b> из 7", "parse_mode": "HTML",
                "reply_markup": keyboard,
            ]).requireResult()
            #expect(edited["text"] == "Карточка 2 из 7")
            #expect(edited["edit_date"]?.intValue != nil)
            #expect(edited["message_id"] == id)

            let view = try await sandbox.control(.get, "chats/1001").requireResult()
            let stored = try requireValue(view["messages"]?[1], "bot message")
            #expect(stored["text"] == "Карточка 2 из 7")
            #expect(stored["edits"]?[0]?["text"] == "Карточка 1 из 7")
        }
    }

    @Test func refusesAnEditThatChangesNothing() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let sent = try await sandbox.sendText(1001, "Без изменений", extra: ["reply_markup": keyboard])
            let id = try requireValue(sent["message_id"], "message_id")
            let same = try await sandbox.call("editMessageText", ["chat_id": 1001, "message_id": id,
                                                                  "text": "Без изменений", "reply_markup": keyboard])
            #expect(same.status == 400)
            #expect(same.description == "Bad Request: message is not modified: specified new message content and "
                + "reply markup are exactly the same as a current content and reply markup of the message")
            let sameMarkup = try await sandbox.call("editMessageReplyMarkup", ["chat_id": 1001, "message_id": id,
                                                                              "reply_markup": keyboard])
            #expect(sameMarkup.description?.hasPrefix("Bad Request: message is not modified") == true)
            // Leaving reply_markup out removes the keyboard, which is a change.
            let removed = try await sandbox.call("editMessageText", ["chat_id": 1001, "message_id": id,
                                                                     "text": "Без изменений"])
            #expect(removed.ok)
            #expect(removed.result?["reply_markup"] == nil)
        }
    }

    @Test func refusesEditsOfMissingOrForeignMessages() async throws {
        try await withSandbox { sandbox in
            let userMessage = try await sandbox.userSays("/start")
            let missing = try await sandbox.call("editMessageText", ["chat_id": 1001, "message_id": 999, "text": "x"])
            #expect(missing.description == "Bad Request: message to edit not found")
            let foreign = try await sandbox.call("editMessageText", ["chat_id": 1001,
                                                                     "message_id": userMessage["message_id"] ?? 0,
                                                                     "text": "x"])
            #expect(foreign.description == "Bad Request: message can't be edited")
            let noId = try await sandbox.call("editMessageText", ["chat_id": 1001, "text": "x"])
            #expect(noId.description == "Bad Request: message identifier is not specified")
            let text = try await sandbox.sendText(1001, "текст")
            let caption = try await sandbox.call("editMessageCaption", ["chat_id": 1001,
                                                                        "message_id": text["message_id"] ?? 0,
                                                                        "caption": "подпись"])
            #expect(caption.description == "Bad Request: there is no caption in the message to edit")
            let otherChat = try await sandbox.call("editMessageText", ["chat_id": 5, "message_id": 1, "text": "x"])
            #expect(otherChat.description == "Bad Request: chat not found")
        }
    }

    @Test func editsCaptionsAndKeyboardsOfPhotos() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let photo = try await sandbox.callMultipart("sendPhoto", [
                .field(name: "chat_id", value: "1001"), .field(name: "caption", value: "Студия, 15 000 ₸"),
                .field(name: "reply_markup", value: keyboard.jsonText),
                .file(name: "photo", filename: "room.png", contentType: "image/png",
                      data: TestImages.png(width: 64, height: 48)),
            ]).requireResult()
            let id = try requireValue(photo["message_id"], "message_id")
            let edited = try await sandbox.call("editMessageCaption", ["chat_id": 1001, "message_id": id,
                                                                       "caption": "Студия, 14 000 ₸"]).requireResult()
            #expect(edited["caption"] == "Студия, 14 000 ₸")
            #expect(edited["reply_markup"] == nil)
            let noText = try await sandbox.call("editMessageText", ["chat_id": 1001, "message_id": id, "text": "x"])
            #expect(noText.description == "Bad Request: there is no text in the message to edit")
            let markup = try await sandbox.call("editMessageReplyMarkup", ["chat_id": 1001, "message_id": id,
                                                                          "reply_markup": keyboard]).requireResult()
            #expect(markup["reply_markup"] == keyboard)
        }
    }

    @Test func deletesMessagesOnce() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let sent = try await sandbox.sendText(1001, "временное")
            let id = try requireValue(sent["message_id"], "message_id")
            #expect(try await sandbox.call("deleteMessage", ["chat_id": 1001, "message_id": id]).result == true)
            let again = try await sandbox.call("deleteMessage", ["chat_id": 1001, "message_id": id])
            #expect(again.description == "Bad Request: message to delete not found")
            let edit = try await sandbox.call("editMessageText", ["chat_id": 1001, "message_id": id, "text": "x"])
            #expect(edit.description == "Bad Request: message to edit not found")
            let view = try await sandbox.control(.get, "chats/1001").requireResult()
            #expect(view["messages"]?[1]?["deleted"] == true)
        }
    }

    @Test func messagesWithReplyKeyboardsCannotBeEdited() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let sent = try await sandbox.sendText(1001, "Поделитесь номером", extra: [
                "reply_markup": ["keyboard": [[["text": "📱 Поделиться номером", "request_contact": true]]],
                                 "resize_keyboard": true, "one_time_keyboard": true],
            ])
            #expect(sent["reply_markup"] == nil)  // Telegram returns only inline keyboards in Message
            let edit = try await sandbox.call("editMessageText", ["chat_id": 1001, "message_id": sent["message_id"] ?? 0,
                                                                  "text": "x"])
            #expect(edit.description == "Bad Request: message can't be edited")
        }
    }
}
