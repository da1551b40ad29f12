import Foundation
import Gateway
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
