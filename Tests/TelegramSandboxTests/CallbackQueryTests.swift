import Foundation
import HTTPClient
import Testing
import TelegramSandbox
import TestSupport

@Suite struct CallbackQueryTests {
    private func menu(_ sandbox: Sandbox) async throws -> Int {
        try await sandbox.userSays("/start")
        let sent = try await sandbox.sendText(1001, "Меню", extra: [
            "reply_markup": ["inline_keyboard": [[["text": "Поиск", "callback_data": "menu:search"],
                                                  ["text": "Помощь", "callback_data": "menu:help"]]]],
        ])
        _ = try await sandbox.drainUpdates()
        return try requireValue(sent["message_id"]?.intValue, "message_id")
    }

    @Test func pressingAButtonCreatesACallbackQuery() async throws {
        try await withSandbox { sandbox in
            let messageId = try await menu(sandbox)
            let pressed = try await sandbox.press(messageId: messageId, data: "menu:search").requireResult()
            let queryId = try requireValue(pressed["callback_query_id"]?.stringValue, "callback_query_id")

            let updates = try await sandbox.drainUpdates()
            let query = try requireValue(updates.first?["callback_query"], "callback_query")
            #expect(query["id"]?.stringValue == queryId)
            #expect(query["data"] == "menu:search")
            #expect(query["from"]?["id"] == 1001)
            #expect(query["chat_instance"]?.stringValue?.isEmpty == false)
            #expect(query["message"]?["message_id"]?.intValue == messageId)
            #expect(query["message"]?["text"] == "Меню")
            #expect(query["message"]?["reply_markup"]?["inline_keyboard"]?[0]?[1]?["callback_data"] == "menu:help")

            // A second press is a new query with a fresh id.
            let second = try await sandbox.press(messageId: messageId, data: "menu:search").requireResult()
            #expect(second["callback_query_id"]?.stringValue != queryId)
        }
    }

    @Test func eachQueryCanBeAnsweredOnce() async throws {
        try await withSandbox { sandbox in
            let messageId = try await menu(sandbox)
            let pressed = try await sandbox.press(messageId: messageId, data: "menu:help").requireResult()
            let queryId = try requireValue(pressed["callback_query_id"], "callback_query_id")
            let answer = try await sandbox.call("answerCallbackQuery", ["callback_query_id": queryId,
                                                                        "text": "Раздел помощи", "show_alert": true])
            #expect(answer.result == true)
            let twice = try await sandbox.call("answerCallbackQuery", ["callback_query_id": queryId])
            #expect(twice.status == 400)
            #expect(twice.description
                == "Bad Request: query is too old and response timeout expired or query ID is invalid")
            let unknown = try await sandbox.call("answerCallbackQuery", ["callback_query_id": "12345"])
            #expect(unknown.description == twice.description)

            let seen = try await sandbox.control(.get, "callbacks").requireResult()
            #expect(seen[0]?["answered"] == true)
            #expect(seen[0]?["answer"]?["text"] == "Раздел помощи")
            #expect(seen[0]?["answer"]?["show_alert"] == true)
            #expect(try await sandbox.control(.get, "callbacks?answered=false").requireResult() == [])
            #expect(try await sandbox.control(.get, "callbacks?answered=true&chat_id=1001").requireResult().arrayValue?.count == 1)
        }
    }

    @Test func refusesAnswersAfterTheWindowAndLongTexts() async throws {
        try await withSandbox(.forTests(callbackAnswerWindow: .milliseconds(300))) { sandbox in
            let messageId = try await menu(sandbox)
            let late = try await sandbox.press(messageId: messageId, data: "menu:search").requireResult()
            let timely = try await sandbox.press(messageId: messageId, data: "menu:help").requireResult()
            let tooLong = try await sandbox.call("answerCallbackQuery", [
                "callback_query_id": timely["callback_query_id"] ?? "", "text": .string(String(repeating: "я", count: 201)),
            ])
            #expect(tooLong.description == "Bad Request: MESSAGE_TOO_LONG")
            let lateView = "callbacks/\(late["callback_query_id"]?.stringValue ?? "")"
            try await waitUntil("the unanswered query's window has passed", deadline: .seconds(10)) {
                try await sandbox.control(.get, lateView).requireResult()["expired"] == true
            }
            let expired = try await sandbox.call("answerCallbackQuery", ["callback_query_id": late["callback_query_id"] ?? ""])
            #expect(expired.description
                == "Bad Request: query is too old and response timeout expired or query ID is invalid")
            let view = try await sandbox.control(.get, lateView).requireResult()
            #expect(view["expired"] == true)
            #expect(view["answered"] == false)
        }
    }

    @Test func refusesPressesOfButtonsThatAreNotThereUnlessForged() async throws {
        try await withSandbox { sandbox in
            let messageId = try await menu(sandbox)
            let wrongData = try await sandbox.press(messageId: messageId, data: "menu:admin")
            #expect(wrongData.status == 409)
            let wrongMessage = try await sandbox.press(messageId: 77, data: "menu:search")
            #expect(wrongMessage.status == 404)

            // A stale button from a message that no longer exists: Telegram sends an InaccessibleMessage.
            let forged = try await sandbox.press(messageId: 77, data: "search:city:old", forge: true).requireResult()
            #expect(forged["callback_query"]?["message"]?["date"] == 0)
            #expect(forged["callback_query"]?["message"]?["message_id"] == 77)
            let updates = try await sandbox.drainUpdates()
            #expect(updates.first?["callback_query"]?["data"] == "search:city:old")
        }
    }

    @Test func controlCallWaitsForTheAnswer() async throws {
        try await withSandbox { sandbox in
            let messageId = try await menu(sandbox)
            let pressed = try await sandbox.press(messageId: messageId, data: "menu:search").requireResult()
            let queryId = try requireValue(pressed["callback_query_id"]?.stringValue, "callback_query_id")
            async let waited = sandbox.control(.get, "callbacks/\(queryId)?timeout=30")
            _ = try await sandbox.call("answerCallbackQuery", ["callback_query_id": .string(queryId), "text": "Ищу…"])
            let answered = try await waited.requireResult()
            #expect(answered["answered"] == true)
            #expect(answered["answer"]?["text"] == "Ищу…")
        }
    }
}
