import Foundation
import Gateway
import Testing
import TestSupport

/// Free text where the wizard expects a button, at every step: a hint, and the wizard stays where it was with
/// every choice kept (the next button press continues as if nothing had been typed).
@Suite struct GatewayGarbageTextEndToEndTests {
    @Test func garbageAtEveryStepGetsAHintAndKeepsTheWizard() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 7001)
            try await chat.say(Texts.menuSearch)
            let wizard = try await chat.next()
            #expect(wizard.text == Texts.chooseCity)
            try await expectHint(chat, after: "привет", Texts.useButtons)

            let districts = try await chat.pressInPlace("Алматы", on: wizard)
            #expect(districts.text == Texts.chooseDistrict(city: "Алматы"))
            let bostandyk = try #require(optionCount(districts, "Бостандыкский"))
            try await expectHint(chat, after: "Бостандыкский", Texts.useButtons)

            let classes = try await chat.pressInPlace("Бостандыкский", on: districts)
            #expect(classes.text == Texts.chooseClass)
            #expect(optionCount(classes, Texts.any) == bostandyk)
            try await expectHint(chat, after: "бизнес", Texts.useButtons)

            let rooms = try await chat.pressInPlace(Texts.any, on: classes)
            #expect(rooms.text == Texts.chooseRooms)
            #expect(optionCount(rooms, Texts.any) == bostandyk)
            try await expectHint(chat, after: "2", Texts.useButtons)

            let datesLabel = try #require(rooms.buttons.first { $0.data == "s:dates" }?.text)
            let dates = try await chat.pressInPlace(datesLabel, on: rooms)
            #expect(dates.text?.hasPrefix("Сейчас: ") == true, "\(dates.text ?? "")")
            try await expectHint(chat, after: "когда-нибудь", Texts.datesError(.unreadable))
            try await expectHint(chat, after: "31.02–02.03", Texts.datesError(.invalidDate))

            // «Назад» from the dates: the rooms step again, district and counts as before.
            let roomsAgain = try await chat.pressInPlace(Texts.back, on: dates)
            #expect(roomsAgain.text == Texts.chooseRooms)
            #expect(optionCount(roomsAgain, Texts.any) == bostandyk)
            #expect(roomsAgain.buttons.first { $0.data == "s:dates" }?.text == datesLabel)

            try await chat.say("ещё текст")
            let lastHint = try await chat.next()
            #expect(lastHint.text == Texts.useButtons)
            try await chat.press(Texts.any, on: roomsAgain)
            let (album, card) = try await chat.albumAndCard(after: lastHint.id)
            #expect(album.count == 6)
            #expect(card.text?.contains("Бостандыкский") == true, "\(card.text ?? "")")
            #expect(card.text?.contains("1 из \(bostandyk)") == true, "\(card.text ?? "")")

            // At the results: a hint, and «Следующая» on the card still works.
            let afterCard = try await chat.say("следующая")
            let hint = try await chat.next(after: afterCard)
            #expect(hint.text == Texts.useButtons)
            try await chat.press(Texts.next, on: card)
            if bostandyk >= 2 {
                let (_, second) = try await chat.albumAndCard(after: hint.id)
                #expect(second.text?.contains("2 из \(bostandyk)") == true, "\(second.text ?? "")")
            } else {
                #expect(try await chat.next(after: hint.id).text == Texts.allShown)
            }
        }
    }

    /// Telegram clients send «/start <payload>» for deep links and «/help@botname» in some contexts; /cancel
    /// leaves whatever wizard the guest is in.
    @Test func commandsWithPayloadsOrBotNamesAndCancelAreUnderstood() async throws {
        try await withBot { bot in
            let chat = ChatDriver(bot: bot, userId: 7002)
            try await chat.say("/start ref123")
            let greeting = try await chat.next()
            #expect(greeting.text == Texts.greeting)
            // «Поиск квартир» under a notification (the expired hold's) starts a search from any message.
            let press = try await bot.control("POST", "/sandbox/callbacks",
                                              ["user_id": 7002, "message_id": greeting.id, "callback_data": "m:search",
                                               "forge": true])
            #expect(press["callback_query_id"] != nil)
            #expect(try await chat.next(after: greeting.id).text == Texts.chooseCity)
            try await chat.say("/help@zhilyego_bot")
            #expect(try await chat.next().text == Texts.help)
            try await chat.say(Texts.menuSearch)
            #expect(try await chat.next().text == Texts.chooseCity)
            try await chat.say("/cancel")
            #expect(try await chat.next().text == Texts.menuShown)
            // Back at the menu: typed text is not taken for a wizard step.
            try await chat.say("Алматы")
            #expect(try await chat.next().text == Texts.unknownText)
        }
    }
}

/// Types `text` and expects `hint` as the bot's next message.
private func expectHint(_ chat: ChatDriver, after text: String, _ hint: String,
                        sourceLocation: SourceLocation = #_sourceLocation) async throws
{
    try await chat.say(text)
    let reply = try await chat.next()
    #expect(reply.text == hint, "after «\(text)»", sourceLocation: sourceLocation)
}

/// The count of the option `label` («Бостандыкский · 7» → 7).
private func optionCount(_ message: SandboxMessage, _ label: String) -> Int? {
    message.buttonTexts.first { $0.hasPrefix(label + " · ") }.flatMap { Int($0.dropFirst(label.count + 3)) }
}
