import Foundation
@testable import Gateway
import Presentation
import TestSupport
import Testing

/// Groups and repeated presses: outside a private chat the bot only points to the private chat (on /start), and
/// an edit that would change nothing is never sent.
@Suite struct GatewayGroupChatEndToEndTests {
    @Test func groupGetsOnlyAPointerToThePrivateChatOnStart() async throws {
        try await withBot { bot in
            let group: [String: Any] = ["id": -100_777, "type": "supergroup", "title": "Квартиранты"]
            func say(_ text: String) async throws -> Int {
                let sent = try await bot.control("POST", "/sandbox/messages",
                                                 ["user": ["id": 7101, "first_name": "Тест"], "chat": group, "text": text])
                let messages = sent["messages"] as? [[String: Any]] ?? []
                return try #require(messages.first?["message_id"] as? Int)
            }
            _ = try await say("/start@zhilyego_bot")
            let pointer = try await bot.control("GET", "/sandbox/chats/-100777/next?timeout=60")
            #expect(pointer["text"] as? String == Texts.privateChatOnly)
            #expect(pointer["reply_markup"] == nil)

            // Menu words, free text and a button press get nothing.
            _ = try await say(Texts.menuSearch)
            _ = try await say("привет")
            let press = try await bot.control("POST", "/sandbox/callbacks",
                                              ["user_id": 7101, "chat_id": -100_777,
                                               "message_id": pointer["message_id"] as? Int ?? 0,
                                               "callback_data": "m:search", "forge": true])
            let queryId = try #require(press["callback_query_id"] as? String)
            let answer = try await bot.control("GET", "/sandbox/callbacks/\(queryId)?timeout=60")
            #expect(answer["answered"] as? Bool == true)

            // A chat's updates are handled in order: once the second /start is answered, the ones before were.
            let second = try await say("/start")
            let again = try await bot.control("GET", "/sandbox/chats/-100777/next?timeout=60&after_message_id=\(second)")
            #expect(again["text"] as? String == Texts.privateChatOnly)
            let fromBot = try await bot.controlValue("GET", "/sandbox/chats/-100777/messages?from=bot") as? [Any]
            #expect(fromBot?.count == 2)

            // The same user's private chat works as always.
            let chat = ChatDriver(bot: bot, userId: 7101)
            try await chat.say("/start")
            #expect(try await chat.next().text == Texts.greeting)
        }
    }

    @Test func repeatedPressSendsNoEditThatChangesNothing() async throws {
        try await withBot { bot in
            let chat = ChatDriver(bot: bot, userId: 7102)
            try await chat.say(Texts.menuSearch)
            let wizard = try await chat.next()
            let datesLabel = try #require(wizard.buttons.first { $0.data == "s:dates" }?.text)
            let dates = try await chat.pressInPlace(datesLabel, on: wizard)
            #expect(dates.text?.hasPrefix("Сейчас: ") == true, "\(dates.text ?? "")")
            let before = try await bot.control("GET", "/sandbox/counters")

            // The dates button again (a double tap: the client still showed it): the message already shows the dates.
            _ = try await chat.press(datesLabel, on: wizard, forge: true)
            let after = try await bot.control("GET", "/sandbox/counters")
            #expect(calls("editMessageText", after) == calls("editMessageText", before))
            #expect(calls("editMessageText", before) >= 1)
            // Handled as the dates button (not as a stale one, which would send the menu).
            #expect(calls("sendMessage", after) == calls("sendMessage", before))
            #expect(after["errors"] as? Int == before["errors"] as? Int)
            #expect(try await chat.message(dates.id).text == dates.text)
        }
    }

    @Test func pressedMessageShowingTheSameContentNeedsNoEdit() throws {
        let json = """
            {"message_id":5,"date":1,"chat":{"id":1,"type":"private"},"text":"Город: A & B <1>\\nВыберите район:",
             "reply_markup":{"inline_keyboard":[[{"text":"« Назад","callback_data":"s:back"}]]}}
            """
        let message = try TelegramBotAPI.decoder.decode(TelegramMessage.self, from: Data(json.utf8))
        let back = [[InlineButton(Texts.back, .back)]]
        #expect(message.shows(html: "<b>Город: A &amp; B &lt;1&gt;</b>\nВыберите район:", markup: .inline(back)))
        #expect(!message.shows(html: "Город: A &amp; B &lt;1&gt;\nВыберите район:", markup: nil))
        #expect(!message.shows(html: "Город: C\nВыберите район:", markup: .inline(back)))
        #expect(!message.shows(html: "Город: A &amp; B &lt;1&gt;\nВыберите район:",
                               markup: .inline([[InlineButton(Texts.back, .menu)]])))
        #expect(!message.hasNoButtons)
    }
}

/// How often the bot called `method`, by the sandbox's counters.
private func calls(_ method: String, _ counters: [String: Any]) -> Int {
    (counters["by_method"] as? [String: Any])?[method] as? Int ?? 0
}
