import Foundation
import Gateway
import Testing
import TestSupport

/// Telegram may deliver an update again (it is not sure the bot got it): the gateway handles it once. The sandbox's
/// `POST /sandbox/updates/redeliver` puts an update the gateway already received back into getUpdates.
@Suite struct GatewayRedeliveryEndToEndTests {
    @Test func messageDeliveredTwiceIsAnsweredOnce() async throws {
        try await withBot { bot in
            let chat = ChatDriver(bot: bot, userId: 5001)
            let sent = try await bot.control("POST", "/sandbox/messages",
                                             ["user": ["id": 5001, "first_name": "Дана"], "text": "/start"])
            let updateId = try #require((sent["update_ids"] as? [Int])?.first)
            let greeting = try await chat.next()
            #expect(greeting.text == Texts.greeting)

            try await redeliver(updateId, bot: bot)
            // Updates of one chat are handled in order: once the reply to a later message is there, the
            // redelivered one has been dealt with.
            try await chat.say(Texts.menuHelp)
            let help = try await chat.next()
            #expect(help.text == Texts.help)
            let texts = try await botTexts(bot, chat: 5001)
            #expect(texts == [Texts.greeting, Texts.help])
        }
    }

    @Test func buttonPressDeliveredTwiceIsHandledOnce() async throws {
        try await withBot { bot in
            let chat = ChatDriver(bot: bot, userId: 5002)
            try await chat.say(Texts.menuSearch)
            let wizard = try await chat.next()
            #expect(wizard.text == Texts.chooseCity)
            let data = try wizard.button("Алматы")
            let press = try await bot.control("POST", "/sandbox/callbacks",
                                              ["user_id": 5002, "message_id": wizard.id, "callback_data": data])
            let updateId = try #require(press["update_id"] as? Int)
            let queryId = try #require(press["callback_query_id"] as? String)
            let answered = try await bot.control("GET", "/sandbox/callbacks/\(queryId)?timeout=60")
            #expect(answered["answered"] as? Bool == true)
            let districts = try await chat.message(wizard.id)
            #expect(districts.text == Texts.chooseDistrict(city: "Алматы"))

            try await redeliver(updateId, bot: bot)
            try await chat.say(Texts.menuHelp)
            #expect(try await chat.next().text == Texts.help)

            // One edit (city → district), no second one; the wizard is still at the district step, so «Назад»
            // leads to the cities (a second handling would have moved it on or answered the press again).
            let edited = try await chat.message(wizard.id)
            #expect((edited.json["edits"] as? [Any])?.count == 1)
            #expect(edited.text == Texts.chooseDistrict(city: "Алматы"))
            let texts = try await botTexts(bot, chat: 5002)
            #expect(texts == [Texts.chooseDistrict(city: "Алматы"), Texts.help])
            let back = try await chat.pressInPlace(Texts.back, on: edited)
            #expect(back.text == Texts.chooseCity)
        }
    }
}

/// Puts update `updateId` back into the bot's queue and waits until the gateway fetched it again.
private func redeliver(_ updateId: Int, bot: Bot) async throws {
    let update = try await bot.control("POST", "/sandbox/updates/redeliver", ["update_id": updateId])
    #expect(update["update_id"] as? Int == updateId)
    try await waitUntil("the gateway fetches the redelivered update \(updateId)", deadline: .seconds(60)) {
        (try await bot.controlValue("GET", "/sandbox/updates") as? [Any])?.isEmpty == true
    }
}

/// The texts of the bot's messages in a chat, as they are now, oldest first.
private func botTexts(_ bot: Bot, chat: Int) async throws -> [String] {
    let messages = try await bot.controlValue("GET", "/sandbox/chats/\(chat)/messages?from=bot") as? [[String: Any]]
    return (messages ?? []).map { $0["text"] as? String ?? "<no text>" }
}

/// Update ids may restart at a lower number (Telegram after a week without updates; the sandbox at a reset):
/// the gateway still answers.
@Suite struct GatewayUpdateIdRestartEndToEndTests {
    @Test func answersWhenUpdateIdsRestartLower() async throws {
        try await withBot { bot in
            let chat = ChatDriver(bot: bot, userId: 5003)
            var highest = 0
            // Reset the sandbox until its ids restart below every id the gateway has seen (50 % per reset).
            for attempt in 0..<40 {
                if attempt > 0 { _ = try await bot.controlValue("POST", "/sandbox/reset", [:]) }
                let sent = try await bot.control("POST", "/sandbox/messages",
                                                 ["user": ["id": 5003, "first_name": "Ая"], "text": "/start"])
                let id = try #require((sent["update_ids"] as? [Int])?.first)
                let greeting = try await chat.next()
                #expect(greeting.text == Texts.greeting, "attempt \(attempt), update \(id)")
                if attempt > 0 && id < highest { return }
                highest = max(highest, id)
            }
            Issue.record("the sandbox never restarted its update ids lower than \(highest)")
        }
    }
}
