import Foundation
import HTTPClient
import Testing
import TelegramSandbox

@Suite struct ControlAPITests {
    @Test func injectsAMessageAndKeepsTheUsersProfile() async throws {
        try await withSandbox { sandbox in
            let injected = try await sandbox.control(.post, "messages", [
                "user": ["id": 1001, "first_name": "Айгерим", "last_name": "Серикова", "username": "aigerim",
                         "language_code": "kk"],
                "text": "/start ref_42",
            ]).requireResult()
            #expect(injected["update_ids"]?.arrayValue?.count == 1)
            let message = try requireValue(injected["messages"]?[0], "message")
            #expect(message["from"]?["language_code"] == "kk")
            #expect(message["from"]?["last_name"] == "Серикова")
            #expect(message["entities"] == [["type": "bot_command", "offset": 0, "length": 6]])
            // Later calls may name the user by id only.
            let second = try await sandbox.control(.post, "messages", ["user": ["id": 1001], "text": "ещё"]).requireResult()
            #expect(second["messages"]?[0]?["from"]?["first_name"] == "Айгерим")

            let chats = try await sandbox.control(.get, "chats").requireResult()
            #expect(chats[0]?["chat_id"] == 1001)
            #expect(chats[0]?["message_count"] == 2)
            let bots = try await sandbox.control(.get, "bots").requireResult()
            #expect(bots[0]?["username"] == "zhilyego_bot")
            #expect(bots[0]?["pending_update_count"] == 2)
            #expect(bots[0]?["token"] == nil)
        }
    }

    @Test func waitsForTheBotsNextMessage() async throws {
        try await withSandbox { sandbox in
            let start = try await sandbox.userSays("/start")
            async let next = sandbox.control(.get, "chats/1001/next?timeout=30")
            try await sandbox.sendText(1001, "Привет! Я ЖильеGO")
            let reply = try await next.requireResult()
            #expect(reply["text"] == "Привет! Я ЖильеGO")
            #expect(reply["from"] == "bot")
            #expect((reply["message_id"]?.intValue ?? 0) > (start["message_id"]?.intValue ?? 0))

            // Explicit cursor: the message after the reply, which does not exist yet.
            let none = try await sandbox.control(
                .get, "chats/1001/next?after_message_id=\(reply["message_id"]?.intValue ?? 0)&timeout=0.3")
            #expect(none.status == 408)
            #expect(none.error?.hasPrefix("no message from the bot in chat 1001") == true)
        }
    }

    @Test func chatViewWaitsForAChange() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let view = try await sandbox.control(.get, "chats/1001").requireResult()
            let revision = try requireValue(view["revision"]?.intValue, "revision")
            async let changed = sandbox.control(.get, "chats/1001?since_revision=\(revision)&timeout=30")
            try await sandbox.sendText(1001, "Выберите город")
            let after = try await changed.requireResult()
            #expect((after["revision"]?.intValue ?? 0) > revision)
            #expect(after["messages"]?.arrayValue?.last?["text"] == "Выберите город")
        }
    }

    @Test func sharesTheUsersOwnContactAndUsesReplyKeyboards() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            try await sandbox.sendText(1001, "Поделитесь номером для Kaspi", extra: [
                "reply_markup": ["keyboard": [[["text": "📱 Поделиться номером", "request_contact": true]], ["Отмена"]],
                                 "one_time_keyboard": true, "resize_keyboard": true],
            ])
            let view = try await sandbox.control(.get, "chats/1001").requireResult()
            #expect(view["reply_keyboard"]?["keyboard"]?[0]?[0]?["request_contact"] == true)

            let wrongButton = try await sandbox.control(.post, "messages", ["user": ["id": 1001], "text": "Нет такой",
                                                                            "via_keyboard": true])
            #expect(wrongButton.status == 409)

            _ = try await sandbox.drainUpdates()
            let shared = try await sandbox.control(.post, "contacts", ["user": ["id": 1001],
                                                                       "phone_number": "+77011234567"]).requireResult()
            let contact = try requireValue(shared["messages"]?[0]?["contact"], "contact")
            #expect(contact["phone_number"] == "+77011234567")
            #expect(contact["user_id"] == 1001)
            #expect(contact["first_name"] == "Айгерим")
            let update = try await sandbox.drainUpdates()
            #expect(update.first?["message"]?["contact"]?["user_id"] == 1001)
            // The one-time keyboard is gone after use.
            #expect(try await sandbox.control(.get, "chats/1001").requireResult()["reply_keyboard"] == nil)

            let notAPhone = try await sandbox.control(.post, "contacts", ["user": ["id": 1001], "phone_number": "call me"])
            #expect(notAPhone.status == 400)
        }
    }

    @Test func injectsAnAlbumAsUpdatesSharingAGroup() async throws {
        try await withSandbox { sandbox in
            let photos: JSONValue = .array((1...3).map { side in
                ["data_base64": .string(TestImages.png(width: 10 * side, height: 10).base64EncodedString())]
            })
            let result = try await sandbox.control(.post, "photos", ["user": Sandbox.aigerim, "photos": photos,
                                                                     "caption": "Объект на Абая"]).requireResult()
            let messages = result["messages"]?.arrayValue ?? []
            #expect(messages.count == 3)
            #expect(Set(messages.compactMap { $0["media_group_id"]?.stringValue }).count == 1)
            #expect(messages.map { $0["caption"]?.stringValue } == ["Объект на Абая", nil, nil])
            let notImage = try await sandbox.control(.post, "photos", [
                "user": Sandbox.aigerim, "photos": [["data_base64": .string(Data("text".utf8).base64EncodedString())]],
            ])
            #expect(notImage.status == 400)
        }
    }

    @Test func injectsPhotosAsMultipart() async throws {
        try await withSandbox { sandbox in
            let response = try await sandbox.client.send(HTTPRequest(
                method: .post, url: sandbox.baseURL + "/sandbox/photos",
                body: .multipart([
                    .field(name: "user", value: Sandbox.aigerim.jsonText), .field(name: "caption", value: "двор"),
                    .file(name: "photo", filename: "a.png", contentType: "image/png",
                          data: TestImages.png(width: 30, height: 20)),
                ])))
            #expect(response.status == 200)
            let result = try requireValue(JSONValue.parse(response.body)?["result"], "result")
            #expect(result["messages"]?[0]?["photo"]?.arrayValue?.last?["width"] == 30)
        }
    }

    @Test func resetForgetsEverything() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            try await sandbox.sendText(1001, "привет")
            #expect(try await sandbox.control(.post, "reset").result == true)
            #expect(try await sandbox.control(.get, "chats").requireResult() == [])
            #expect(try await sandbox.call("getUpdates").requireResult() == [])
            let counters = try await sandbox.control(.get, "counters").requireResult()
            #expect(counters["messages_sent"] == 0)
            let gone = try await sandbox.call("sendMessage", ["chat_id": 1001, "text": "x"])
            #expect(gone.description == "Bad Request: chat not found")
        }
    }

    @Test func countsWhatTheBotsDid() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let sent = try await sandbox.sendText(1001, "один")
            _ = try await sandbox.call("editMessageText", ["chat_id": 1001, "message_id": sent["message_id"] ?? 0,
                                                           "text": "два"])
            _ = try await sandbox.call("sendMessage", ["chat_id": 1001])
            let counters = try await sandbox.control(.get, "counters").requireResult()
            #expect(counters["messages_sent"] == 1)
            #expect(counters["messages_edited"] == 1)
            #expect(counters["errors"] == 1)
            #expect(counters["by_method"]?["sendMessage"] == 2)
            #expect(counters["updates_created"] == 1)
        }
    }

    @Test func explainsBadControlRequests() async throws {
        try await withSandbox { sandbox in
            let missingText = try await sandbox.control(.post, "messages", ["user": ["id": 1001]])
            #expect(missingText.status == 400)
            #expect(missingText.error == "invalid JSON body: missing field \"text\"")
            let unknownChat = try await sandbox.control(.get, "chats/5")
            #expect(unknownChat.status == 404)
            let unknownPath = try await sandbox.control(.get, "nothing-here")
            #expect(unknownPath.status == 404)
            let unknownBot = try await sandbox.control(.get, "chats?bot_id=1")
            #expect(unknownBot.error == "no bot with id 1")
        }
    }
}

@Suite struct ChatPageTests {
    @Test func servesTheChatPageAndHealth() async throws {
        try await withSandbox { sandbox in
            let page = try await sandbox.get("/")
            #expect(page.status == 200)
            #expect(page.headers["Content-Type"]?.hasPrefix("text/html") == true)
            let html = page.text
            for expected in ["id=\"composer\"", "Отправить", "id=\"reply-kb\"", "/sandbox/", "callbacks",
                             "since_revision", "contacts", "Поделиться"] {
                #expect(html.contains(expected), "the page lacks \(expected)")
            }
            // No external assets and no innerHTML with bot-provided content.
            #expect(!html.contains("src=\"http"))
            #expect(!html.contains("innerHTML"))
            // Served exactly as the resource file is written.
            let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("../../Tools/telegram-sandbox/Library/Page/chat.html").standardizedFileURL
            #expect(page.body == (try Data(contentsOf: source)))

            let health = try await sandbox.get("/healthz")
            #expect(health.status == 200)
            #expect(JSONValue.parse(health.body)?["status"] == "ok")
        }
    }

    @Test func servesFilesToThePage() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let png = TestImages.png(width: 12, height: 12)
            let message = try await sandbox.callMultipart("sendPhoto", [
                .field(name: "chat_id", value: "1001"),
                .file(name: "photo", filename: "p.png", contentType: "image/png", data: png),
            ]).requireResult()
            let fileId = try requireValue(message["photo"]?.arrayValue?.last?["file_id"]?.stringValue, "file_id")
            let file = try await sandbox.get("/sandbox/files/\(fileId)")
            #expect(file.body == png)
            #expect(try await sandbox.get("/sandbox/files/unknown").status == 404)
        }
    }
}
