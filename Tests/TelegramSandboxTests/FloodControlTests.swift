import Testing
@testable import TelegramSandbox

@Suite struct FloodControlTests {
    private let start = ContinuousClock.now

    @Test func letsABurstThroughThenAsksToRetry() {
        var flood = FloodControl(settings: FloodSettings(perChatRate: 1, perChatBurst: 3, globalRate: 30))
        for _ in 0..<3 { #expect(flood.admit(bot: 1, chat: 10, charge: .send(items: 1), now: start) == nil) }
        #expect(flood.admit(bot: 1, chat: 10, charge: .send(items: 1), now: start) == 1)
        // Another chat has its own bucket.
        #expect(flood.admit(bot: 1, chat: 11, charge: .send(items: 1), now: start) == nil)
        // After the advised second one more message passes.
        #expect(flood.admit(bot: 1, chat: 10, charge: .send(items: 1), now: start + .seconds(1)) == nil)
    }

    @Test func limitsAllChatsOfABotTogether() {
        var flood = FloodControl(settings: FloodSettings(perChatRate: 1, perChatBurst: 5, globalRate: 4))
        for chat in 0..<4 { #expect(flood.admit(bot: 1, chat: Int64(chat), charge: .send(items: 1), now: start) == nil) }
        #expect(flood.admit(bot: 1, chat: 99, charge: .send(items: 1), now: start) != nil)
        #expect(flood.admit(bot: 2, chat: 99, charge: .send(items: 1), now: start) == nil)
    }

    @Test func anAlbumGoesOutButDelaysWhatFollows() {
        var flood = FloodControl(settings: FloodSettings(perChatRate: 1, perChatBurst: 5, globalRate: 30))
        #expect(flood.admit(bot: 1, chat: 10, charge: .send(items: 6), now: start) == nil)
        // 5 - 6 = -1 tokens: two seconds until one is available again.
        #expect(flood.admit(bot: 1, chat: 10, charge: .send(items: 1), now: start) == 2)
        #expect(flood.admit(bot: 1, chat: 10, charge: .send(items: 1), now: start + .seconds(2)) == nil)
    }

    @Test func editsOnlyCountAgainstTheBotWideLimit() {
        var flood = FloodControl(settings: FloodSettings(perChatRate: 1, perChatBurst: 1, globalRate: 30))
        #expect(flood.admit(bot: 1, chat: 10, charge: .send(items: 1), now: start) == nil)
        for _ in 0..<10 { #expect(flood.admit(bot: 1, chat: 10, charge: .edit, now: start) == nil) }
    }

    @Test func groupChatsGetTwentyPerMinute() {
        var flood = FloodControl(settings: FloodSettings(globalRate: 100, groupPerMinute: 20))
        for _ in 0..<20 { #expect(flood.admit(bot: 1, chat: -100, charge: .send(items: 1), now: start) == nil) }
        #expect(flood.admit(bot: 1, chat: -100, charge: .send(items: 1), now: start) == 3)
    }

    @Test func switchedOffNeverLimits() {
        var flood = FloodControl(settings: .off)
        for _ in 0..<1_000 { #expect(flood.admit(bot: 1, chat: 10, charge: .send(items: 10), now: start) == nil) }
    }
}
