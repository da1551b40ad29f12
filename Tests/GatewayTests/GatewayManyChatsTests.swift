import Foundation
import Gateway
import Testing
import TestSupport

/// A hundred guests searching at once: every chat gets its own, correct wizard (issue: «100 chats searching at the
/// same time all get correct, separate answers»). The sandbox's flood limits are off here (they are per chat in
/// Telegram, so a hundred chats would pass anyway). Waits are generous; nothing here measures time.
@Suite struct GatewayManyChatsTests {
    static let cities = ["Астана", "Алматы", "Шымкент"]
    static let districtCounts = ["Астана": 6, "Алматы": 8, "Шымкент": 5]

    @Test func aHundredChatsSearchingAtOnceEachGetTheirOwnWizard() async throws {
        // The production default pool size (the harness gives every service 2 connections).
        try await withRestartableBot(demoCatalog: true, gatewayOverrides: ["DB_POOL_SIZE": "4"]) { bot, _ in
            // What every chat must see: the city counts of one search made alone first.
            let reference = ChatDriver(bot: bot, userId: 8999)
            try await reference.say(Texts.menuSearch)
            let expected = try await reference.next().buttonTexts
            #expect(expected.count == 5, "\(expected)")
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<100 {
                    group.addTask {
                        try await Self.search(bot: bot, user: 8000 + index, city: Self.cities[index % 3],
                                              cityButtons: expected)
                    }
                }
                try await group.waitForAll()
            }
        }
    }

    /// One guest: search, the city, «Любой» district; checks every screen and that the chat holds only its own
    /// wizard message.
    static func search(bot: Bot, user: Int, city: String, cityButtons: [String]) async throws {
        let chat = ChatDriver(bot: bot, userId: user)
        try await chat.say(Texts.menuSearch)
        let wizard = try await chat.next()
        #expect(wizard.text == Texts.chooseCity, "chat \(user)")
        #expect(wizard.buttonTexts == cityButtons, "chat \(user)")
        let cityCount = try #require(optionCount(wizard, city), "chat \(user): \(wizard.buttonTexts)")

        let districts = try await chat.pressInPlace(city, on: wizard)
        #expect(districts.text == Texts.chooseDistrict(city: city), "chat \(user)")
        // «Любой» + the city's districts, each with its count, adding up to the city's count.
        let options = districts.buttonTexts.filter { $0.contains(" · ") }
        #expect(options.count == 1 + (districtCounts[city] ?? -1), "chat \(user): \(options)")
        #expect(optionCount(districts, Texts.any) == cityCount, "chat \(user)")
        let sum = options.dropFirst().compactMap { Int($0.split(separator: "·").last?.trimmingCharacters(in: .whitespaces) ?? "") }
            .reduce(0, +)
        #expect(sum == cityCount, "chat \(user): \(options)")

        let classes = try await chat.pressInPlace(Texts.any, on: districts)
        #expect(classes.text == Texts.chooseClass, "chat \(user)")
        #expect(optionCount(classes, Texts.any) == cityCount, "chat \(user)")

        let messages = try await bot.controlValue("GET", "/sandbox/chats/\(user)/messages?from=bot") as? [[String: Any]]
        #expect(messages?.map { $0["message_id"] as? Int } == [wizard.id], "chat \(user)")
    }
}

/// The count of the option `label` («Алматы · 12» → 12).
private func optionCount(_ message: SandboxMessage, _ label: String) -> Int? {
    message.buttonTexts.first { $0.hasPrefix(label + " · ") }.flatMap { Int($0.dropFirst(label.count + 3)) }
}
