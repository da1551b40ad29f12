import Contracts
import Database
import Foundation
import HTTPClient
@testable import Notifier
import TelegramSandbox
import TestSupport
import Testing

/// Bursts through the sandbox with Telegram's flood limits on: every message arrives exactly once, none lost
/// to a 429. (Durations are the limits' business, never asserted.)
@Suite("NotifierFloodLimitedDeliveryTests", .timeLimit(.minutes(10)))
struct FloodLimitedDeliveryTests {
    @Test func deliversBurstOfTwoHundredToOneChatExactlyOnce() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let chat: Int64 = 7001
                try await sandbox.openChats([chat])
                let notifications = textNotifications(chats: [chat], perChat: 200)
                try await enqueueAll(notifications, pool: fixture.pool)
                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client)
                try await withDispatchers([dispatcher]) {
                    try await waitUntil("200 messages sent", deadline: .seconds(480), interval: .milliseconds(500)) {
                        try await fixture.count(status: "sent") == 200
                    }
                }
                let texts = try await sandbox.botTexts(chat)
                #expect(texts.count == 200)
                #expect(Set(texts) == Set(notifications.map(\.payload.text)))
                // One chat's messages go out one at a time, in queue order.
                #expect(texts == notifications.map(\.payload.text))
                #expect(try await fixture.statusCounts() == ["sent": 200])
                print("notifier flood test: 200 to one chat, sandbox 429s:",
                      try await sandbox.counter("too_many_requests"))
            }
        }
    }

    @Test func deliversTwoThousandToFiveHundredChatsExactlyOnce() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let chats = (0..<500).map { Int64(20_000 + $0) }
                try await sandbox.openChats(chats)
                let notifications = textNotifications(chats: chats, perChat: 4)
                try await enqueueAll(notifications, pool: fixture.pool)
                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client)
                try await withDispatchers([dispatcher]) {
                    try await waitUntil("2,000 messages sent", deadline: .seconds(480), interval: .seconds(1)) {
                        try await fixture.count(status: "sent") == 2000
                    }
                }
                try await expectExactlyOnce(notifications, chats: chats, sandbox: sandbox)
                #expect(try await fixture.statusCounts() == ["sent": 2000])
                print("notifier flood test: 2,000 to 500 chats, sandbox 429s:",
                      try await sandbox.counter("too_many_requests"))
            }
        }
    }

    /// The sandbox stricter than the notifier's limits (as if Telegram tightened them): 429s happen, each is
    /// honoured with its retry_after, and still every message arrives once.
    @Test func honoursRetryAfterWhenTelegramIsStricterThanOurLimits() async throws {
        let strict = FloodSettings(perChatRate: 0.5, perChatBurst: 1, globalRate: 30)
        try await withNotifierDatabase { fixture in
            try await withSandbox(flood: strict) { sandbox in
                let chats: [Int64] = [7101, 7102, 7103]
                try await sandbox.openChats(chats)
                let notifications = textNotifications(chats: chats, perChat: 8)
                try await enqueueAll(notifications, pool: fixture.pool)
                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client)
                try await withDispatchers([dispatcher]) {
                    try await waitUntil("24 messages sent", deadline: .seconds(240), interval: .milliseconds(500)) {
                        try await fixture.count(status: "sent") == notifications.count
                    }
                }
                #expect(try await sandbox.counter("too_many_requests") > 0)
                try await expectExactlyOnce(notifications, chats: chats, sandbox: sandbox)
                for chat in chats {
                    #expect(try await sandbox.botTexts(chat) == notifications.filter { $0.chatId == chat }
                        .map(\.payload.text))
                }
                // A 429 is not a failed attempt: every row was counted as sent on its first real try.
                let attempts = try await fixture.pool.queryFirst("SELECT max(attempts) AS m FROM notifications")?
                    .decode("m", as: Int.self)
                #expect(attempts == 1)
            }
        }
    }
}

/// Every chat received exactly its notifications' texts: nothing missing, nothing twice.
func expectExactlyOnce(_ notifications: [NewNotification], chats: [Int64], sandbox: SandboxHarness) async throws {
    var expected: [Int64: [String]] = [:]
    for notification in notifications { expected[notification.chatId, default: []].append(notification.payload.text) }
    var missing = 0
    var duplicated = 0
    for chat in chats {
        let texts = try await sandbox.botTexts(chat)
        var seen: [String: Int] = [:]
        for text in texts { seen[text, default: 0] += 1 }
        duplicated += seen.values.filter { $0 > 1 }.count
        missing += (expected[chat] ?? []).filter { seen[$0] == nil }.count
        #expect(texts.count == expected[chat]?.count, "chat \(chat)")
    }
    #expect(missing == 0)
    #expect(duplicated == 0)
}
