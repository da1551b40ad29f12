import Foundation
import HTTPClient
import Testing
import TelegramSandbox

@Suite struct SendMessageTests {
    @Test func sendsFormattedTextWithAnInlineKeyboard() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let message = try await sandbox.sendText(1001, "Привет! Я <b>ЖильеGO</b> — помогу найти квартиру.", extra: [
                "parse_mode": "HTML",
                "reply_markup": ["inline_keyboard": [[["text": "Поиск квартир", "callback_data": "menu:search"]],
                                                     [["text": "Kaspi", "url": "https://kaspi.kz"]]]],
            ])
            #expect(message["text"] == "Привет! Я ЖильеGO — помогу найти квартиру.")
            #expect(message["entities"] == [["type": "bold", "offset": 10, "length": 7]])
            #expect(message["chat"]?["id"] == 1001)
            #expect(message["chat"]?["type"] == "private")
            #expect(message["from"]?["is_bot"] == true)
            #expect(message["from"]?["username"] == "zhilyego_bot")
            #expect(message["message_id"] == 2)  // the user's /start was 1
            #expect(message["reply_markup"]?["inline_keyboard"]?[0]?[0]?["callback_data"] == "menu:search")
            #expect(message["date"]?.intValue != nil)

            let seen = try await sandbox.control(.get, "chats/1001/messages?from=bot").requireResult()
            #expect(seen[0]?["text"] == message["text"])
            #expect(seen[0]?["reply_markup"] == message["reply_markup"])
        }
    }

    @Test func acceptsFormAndQueryParameters() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let viaForm = try await sandbox.callForm("sendMessage", ["chat_id": "1001", "text": "из формы",
                                                                    "reply_markup": #"{"remove_keyboard":true}"#])
            #expect(viaForm.result?["text"] == "из формы")
            let viaQuery = try await sandbox.callQuery("sendMessage", "chat_id=1001&text=%D0%B8%D0%B7+query")
            #expect(viaQuery.result?["text"] == "из query")
            let viaMultipart = try await sandbox.callMultipart("sendMessage", [
                .field(name: "chat_id", value: "1001"), .field(name: "text", value: "из multipart"),
            ])
            #expect(viaMultipart.result?["text"] == "из multipart")
        }
    }

    @Test func countsTheLimitAfterParsingEntities() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            // 4096 visible characters wrapped in tags: allowed, the tags do not count.
            let fits = try await sandbox.call("sendMessage", [
                "chat_id": 1001, "text": .string("<b>" + String(repeating: "ж", count: 4096) + "</b>"),
                "parse_mode": "HTML",
            ])
            #expect(fits.ok)
            let tooLong = try await sandbox.call("sendMessage", [
                "chat_id": 1001, "text": .string(String(repeating: "ж", count: 4097)),
            ])
            #expect(tooLong.status == 400)
            #expect(tooLong.json == ["ok": false, "error_code": 400, "description": "Bad Request: message is too long"])
            // Emoji take two UTF-16 code units, as Telegram counts.
            let emoji = try await sandbox.call("sendMessage", [
                "chat_id": 1001, "text": .string(String(repeating: "🏠", count: 2049)),
            ])
            #expect(emoji.description == "Bad Request: message is too long")
        }
    }

    @Test func refusesEmptyText() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            for text: JSONValue in ["", "   \n ", "<b> </b>"] {
                let result = try await sandbox.call("sendMessage", ["chat_id": 1001, "text": text, "parse_mode": "HTML"])
                #expect(result.description == "Bad Request: message text is empty")
            }
            let missing = try await sandbox.call("sendMessage", ["chat_id": 1001])
            #expect(missing.description == "Bad Request: message text is empty")
        }
    }

    @Test func refusesHTMLTelegramCannotParse() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let cases: [(String, String)] = [
                ("<b>жирный", "Can't find end tag corresponding to start tag \"b\""),
                ("<p>абзац</p>", "Unsupported start tag \"p\" at byte offset 0"),
                ("цена < 15000", "Unsupported start tag \"\" at byte offset 9"),
                ("<b>x</i>", "Unmatched end tag at byte offset 4, expected \"</b>\", found \"</i>\""),
            ]
            for (text, detail) in cases {
                let result = try await sandbox.call("sendMessage", ["chat_id": 1001, "text": .string(text),
                                                                    "parse_mode": "HTML"])
                #expect(result.status == 400)
                #expect(result.description == "Bad Request: can't parse entities: " + detail)
            }
            let markdown = try await sandbox.call("sendMessage", ["chat_id": 1001, "text": "*x*", "parse_mode": "Foo"])
            #expect(markdown.description == "Bad Request: unsupported parse_mode")
        }
    }

    @Test func refusesCallbackDataLongerThan64Bytes() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let data = String(repeating: "x", count: 65)
            let result = try await sandbox.call("sendMessage", [
                "chat_id": 1001, "text": "меню",
                "reply_markup": ["inline_keyboard": [[["text": "A", "callback_data": .string(data)]]]],
            ])
            #expect(result.status == 400)
            #expect(result.description == "Bad Request: BUTTON_DATA_INVALID")
            let exact = try await sandbox.call("sendMessage", [
                "chat_id": 1001, "text": "меню",
                "reply_markup": ["inline_keyboard": [[["text": "A", "callback_data": .string(String(data.dropFirst()))]]]],
            ])
            #expect(exact.ok)
        }
    }

    @Test func answersUnknownTokensMethodsAndChatsAsTelegram() async throws {
        try await withSandbox { sandbox in
            let wrongToken = try await sandbox.call("getMe", token: "123456:wrong-secret")
            #expect(wrongToken.status == 401)
            #expect(wrongToken.json == ["ok": false, "error_code": 401, "description": "Unauthorized"])
            let malformedToken = try await sandbox.call("getMe", token: "not-a-token")
            #expect(malformedToken.status == 404)
            #expect(malformedToken.description == "Not Found")
            let unknownMethod = try await sandbox.call("sendTelepathy")
            #expect(unknownMethod.status == 404)
            let noChat = try await sandbox.call("sendMessage", ["chat_id": 424242, "text": "hi"])
            #expect(noChat.status == 400)
            #expect(noChat.description == "Bad Request: chat not found")
            let noChatId = try await sandbox.call("sendMessage", ["text": "hi"])
            #expect(noChatId.description == "Bad Request: chat_id is empty")
            let username = try await sandbox.call("sendMessage", ["chat_id": "@aigerim", "text": "hi"])
            #expect(username.description == "Bad Request: chat not found")
            let me = try await sandbox.call("GETME").requireResult()  // method names ignore case
            #expect(me["username"] == "zhilyego_bot")
            #expect(me["is_bot"] == true)
        }
    }

    @Test func refusesMalformedRequests() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let badJSON = try await sandbox.callRaw("sendMessage", body: Data("{\"chat_id\": 1001,".utf8),
                                                    contentType: "application/json")
            #expect(badJSON.status == 400)
            #expect(badJSON.description == "Bad Request: can't parse JSON object")
            let notObject = try await sandbox.callRaw("sendMessage", body: Data("[1,2]".utf8),
                                                      contentType: "application/json")
            #expect(notObject.description == "Bad Request: can't parse JSON object")
            let badMarkup = try await sandbox.callForm("sendMessage", ["chat_id": "1001", "text": "x",
                                                                      "reply_markup": "{oops"])
            #expect(badMarkup.description == "Bad Request: can't parse reply keyboard markup JSON object")
            let textButton = try await sandbox.call("sendMessage", [
                "chat_id": 1001, "text": "x", "reply_markup": ["inline_keyboard": [[["text": "просто текст"]]]],
            ])
            #expect(textButton.description
                == "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
            let badReply = try await sandbox.call("sendMessage", ["chat_id": 1001, "text": "x", "reply_to_message_id": 99])
            #expect(badReply.description == "Bad Request: message to be replied not found")
            let badAction = try await sandbox.call("sendChatAction", ["chat_id": 1001, "action": "dancing"])
            #expect(badAction.description == "Bad Request: wrong parameter action in request")
        }
    }

    @Test func aUserWhoBlockedTheBotCannotBeWrittenTo() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            _ = try await sandbox.drainUpdates()
            _ = try await sandbox.control(.post, "users/1001/block").requireResult()

            let blocked = try await sandbox.call("sendMessage", ["chat_id": 1001, "text": "Ваша бронь подтверждена"])
            #expect(blocked.status == 403)
            #expect(blocked.json == ["ok": false, "error_code": 403, "description": "Forbidden: bot was blocked by the user"])
            let photo = try await sandbox.callMultipart("sendPhoto", [
                .field(name: "chat_id", value: "1001"),
                .file(name: "photo", filename: "a.png", contentType: "image/png", data: TestImages.png(width: 8, height: 8)),
            ])
            #expect(photo.status == 403)

            // The bot learns about it as my_chat_member, and again when the user comes back.
            let kicked = try await sandbox.drainUpdates()
            #expect(kicked.first?["my_chat_member"]?["new_chat_member"]?["status"] == "kicked")
            try await sandbox.userSays("/start")
            let back = try await sandbox.drainUpdates()
            #expect(back.first?["my_chat_member"]?["new_chat_member"]?["status"] == "member")
            #expect(back.last?["message"]?["text"] == "/start")
            #expect(try await sandbox.call("sendMessage", ["chat_id": 1001, "text": "С возвращением"]).ok)
        }
    }

    @Test func repliesAndChatActions() async throws {
        try await withSandbox { sandbox in
            let question = try await sandbox.userSays("Есть квартиры в Алматы?")
            let messageId = try requireValue(question["message_id"], "message_id")
            #expect(try await sandbox.call("sendChatAction", ["chat_id": 1001, "action": "typing"]).result == true)
            let chat = try await sandbox.control(.get, "chats/1001").requireResult()
            #expect(chat["chat_action"]?["action"] == "typing")
            let reply = try await sandbox.sendText(1001, "Да, 12 квартир", extra: [
                "reply_parameters": ["message_id": messageId],
            ])
            #expect(reply["reply_to_message"]?["text"] == "Есть квартиры в Алматы?")
        }
    }
}
