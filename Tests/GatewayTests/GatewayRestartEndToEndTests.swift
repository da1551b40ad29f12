import Database
import Foundation
@testable import Gateway
import Testing
import TestSupport

/// The gateway restarted between two steps of a guest: the conversation continues from its stored state, and a
/// button of an older message is answered politely and leads back to the menu.
@Suite struct GatewayRestartEndToEndTests {
    @Test func staleButtonAfterRestartIsAnsweredAndLeadsToTheMenu() async throws {
        try await withRestartableBot { bot, gateway in
            let chat = ChatDriver(bot: bot, userId: 6001)
            try await chat.say(Texts.menuSearch)
            let old = try await chat.next()
            #expect(old.text == Texts.chooseCity)
            // A second search: its message is the live one, the first one's buttons are stale.
            try await chat.say(Texts.menuSearch)
            let current = try await chat.next()
            #expect(current.text == Texts.chooseCity)
            #expect(current.id != old.id)

            try await gateway.restart()

            let answer = try await chat.press("Алматы", on: old)
            #expect(answer == Texts.staleButton)
            let menu = try await chat.next(after: current.id)
            #expect(menu.text == "\(Texts.staleButton)\n\n\(Texts.menuShown)")
            let keyboard = (menu.json["reply_markup"] as? [String: Any])?["keyboard"] as? [[[String: Any]]] ?? []
            #expect(keyboard.flatMap { $0.compactMap { $0["text"] as? String } } == Texts.menuItems.flatMap { $0 })
            // Neither wizard message changed.
            #expect((try await chat.message(old.id).json["edits"] as? [Any] ?? []).isEmpty)
            #expect((try await chat.message(current.id).json["edits"] as? [Any] ?? []).isEmpty)
            #expect(try await chat.message(old.id).text == Texts.chooseCity)
            // Back at the menu: typed text is not taken for a wizard step.
            try await chat.say("Алматы")
            #expect(try await chat.next().text == Texts.unknownText)
        }
    }

    /// An update whose handling stops the process (a trap, not an error) would stop every later start too: after
    /// `maximumRecoveries` interrupted starts it is given up and its chat told to try again; other stored updates
    /// are handled as usual.
    @Test func anUpdateThatKeepsInterruptingStartsIsGivenUp() async throws {
        try await withRestartableBot { bot, gateway in
            let pool = bot.platform.database.adminPool
            func stored(_ updateId: Int64, chat: Int64, recoveries: Int) async throws {
                let payload = """
                    {"update_id":\(updateId),"message":{"message_id":\(updateId),"date":\(Int(Date().timeIntervalSince1970)),\
                    "from":{"id":\(chat),"is_bot":false,"first_name":"Тест"},"chat":{"id":\(chat),"type":"private"},\
                    "text":"/start"}}
                    """
                try await pool.execute("""
                    INSERT INTO gateway.received_updates (bot_id, update_id, chat_id, payload, recoveries)
                    VALUES (123456, \(updateId), \(chat), \(payload), \(recoveries))
                    """)
            }
            // Both chats exist (Telegram only delivers to chats that wrote to the bot).
            let givenUp = ChatDriver(bot: bot, userId: 6003)
            try await givenUp.say(Texts.menuHelp)
            let givenUpHelp = try await givenUp.next()
            let handled = ChatDriver(bot: bot, userId: 6004)
            try await handled.say(Texts.menuHelp)
            let handledHelp = try await handled.next()
            try await gateway.restart {
                // Left by earlier runs: one picked up as often as allowed already, one never.
                try await stored(900_000_001, chat: 6003, recoveries: ConversationStore.maximumRecoveries)
                try await stored(900_000_002, chat: 6004, recoveries: 0)
            }
            #expect(try await givenUp.next(after: givenUpHelp.id).text == Texts.temporaryFailure)
            #expect(try await handled.next(after: handledHelp.id).text == Texts.greeting)
            try await waitUntil("both are recorded as handled", deadline: .seconds(30)) {
                try await pool.queryFirst("""
                    SELECT (SELECT count(*) FROM gateway.processed_updates WHERE update_id IN (900000001, 900000002))
                         + (SELECT count(*) FROM gateway.received_updates) * 10 AS n
                    """)?.decode("n", as: Int64.self) == 2
            }
            // The chat given up on works as usual afterwards.
            try await givenUp.say("/start")
            #expect(try await givenUp.next().text == Texts.greeting)
            #expect(gateway.log.contains("update given up"))
        }
    }

    @Test func restartMidWizardContinuesWhereTheGuestWas() async throws {
        try await withRestartableBot { bot, gateway in
            let chat = ChatDriver(bot: bot, userId: 6002)
            try await chat.say(Texts.menuSearch)
            let wizard = try await chat.next()
            let districts = try await chat.pressInPlace("Шымкент", on: wizard)
            #expect(districts.text == Texts.chooseDistrict(city: "Шымкент"))

            try await gateway.restart()

            // Typed text is still answered with the wizard's hint (the search state survived).
            try await chat.say("что-то")
            #expect(try await chat.next().text == Texts.useButtons)
            let classes = try await chat.pressInPlace(Texts.any, on: districts)
            #expect(classes.text == Texts.chooseClass)
            #expect(classes.buttonTexts.filter { $0.contains(" · ") }.count == 4)

            try await gateway.restart()

            // «Назад» goes to the district step of the city chosen before both restarts.
            let back = try await chat.pressInPlace(Texts.back, on: classes)
            #expect(back.text == Texts.chooseDistrict(city: "Шымкент"))
        }
    }
}
