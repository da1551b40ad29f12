import Gateway
import Testing

/// A hundred guests at once: every chat gets its own, correct wizard (issue: «100 chats searching at the same
/// time all get correct, separate answers»). The sandbox's flood limits are off here; the notifier issue adds
/// the outbound rate limiting that keeps a real bot under Telegram's limits.
@Suite struct GatewayManyChatsTests {
    static let cities = ["Астана", "Алматы", "Шымкент"]
    static let districtCounts = ["Астана": 6, "Алматы": 8, "Шымкент": 5]

    static func search(bot: Bot, user: Int, city: String) async throws {
        let chat = ChatDriver(bot: bot, userId: user)
        try await chat.say("Поиск квартир")
        let wizard = try await chat.next()
        let label = wizard.buttonTexts.first { $0.hasPrefix(city + " · ") }
        guard let label else {
            Issue.record("chat \(user): no \(city) button in \(wizard.buttonTexts)")
            return
        }
        let districts = try await chat.pressInPlace(label, on: wizard)
        #expect(districts.text == Texts.chooseDistrict(city: city), "chat \(user)")
        // «Любой» + the city's districts, each with its count.
        let options = districts.buttonTexts.filter { $0.contains(" · ") }
        #expect(options.count == 1 + (districtCounts[city] ?? -1), "chat \(user)")
    }

    @Test func aHundredChatsSearchingAtOnceEachGetTheirOwnWizard() async throws {
        try await withBot(demoCatalog: true) { bot in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask { try await Self.search(bot: bot, user: 3000 + index, city: Self.cities[index % 3]) }
                }
                try await group.waitForAll()
            }
        }
    }
}
