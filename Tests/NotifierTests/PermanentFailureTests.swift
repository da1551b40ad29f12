import Contracts
import Database
import Foundation
import HTTPClient
@testable import Notifier
import TelegramSandbox
import TestSupport
import Testing

@Suite("NotifierPermanentFailureTests", .timeLimit(.minutes(5)))
struct PermanentFailureTests {
    @Test func blockedUserAndUnknownChatFailPermanentlyWithoutRetries() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let blocked: Int64 = 8001
                let fine: Int64 = 8002
                let unknown: Int64 = 8999
                try await sandbox.openChats([blocked, fine])
                try await sandbox.block(blocked)
                let notifications = textNotifications(chats: [blocked, fine, unknown], perChat: 1)
                try await enqueueAll(notifications, pool: fixture.pool)
                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client)
                try await withDispatchers([dispatcher]) {
                    try await waitUntil("outcomes recorded", deadline: .seconds(60)) {
                        let counts = try await fixture.statusCounts()
                        return counts["failed_permanent"] == 2 && counts["sent"] == 1
                    }
                    // A marker queued after them: claims take the oldest due rows first, so once the marker is
                    // sent (and the dispatcher has stopped, finishing its batch) a failed row taken again would
                    // have been sent too.
                    try await enqueueAll(textNotifications(chats: [fine], perChat: 1, prefix: "marker"),
                                         pool: fixture.pool)
                    try await waitUntil("the marker is sent", deadline: .seconds(60)) {
                        try await fixture.statusCounts()["sent"] == 2
                    }
                }
                let blockedRow = try #require(try await fixture.row(dedupeKey: "msg:\(blocked):0"))
                #expect(try blockedRow.decode("status", as: String.self) == "failed_permanent")
                #expect(try blockedRow.decode("attempts", as: Int.self) == 1)
                #expect(try blockedRow.decode("last_error", as: String?.self)?.contains("blocked") == true)
                let unknownRow = try #require(try await fixture.row(dedupeKey: "msg:\(unknown):0"))
                #expect(try unknownRow.decode("attempts", as: Int.self) == 1)
                #expect(try unknownRow.decode("last_error", as: String?.self)?.contains("chat not found") == true)
                #expect(try await sandbox.botTexts(fine) == ["msg \(fine) 0", "marker \(fine) 0"])
                // Four sendMessage calls in all: one each and the marker, no retry.
                let calls = try await sandbox.control(.get, "counters")["by_method"]?["sendMessage"]?.int64Value
                #expect(calls == 4)
            }
        }
    }

    @Test func transientFailuresAreRetriedUntilDelivered() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let chat: Int64 = 8101
                try await sandbox.openChats([chat])
                let lookups = FakeLookups()
                let bookingId = UUID()
                lookups.put(sampleBooking(id: bookingId, status: .held, guestChat: chat))
                lookups.failNext(3)
                let queue = NotificationQueue(database: fixture.pool)
                try await queue.enqueue(NewNotification(
                    dedupeKey: "conditional", chatId: chat, kind: .holdEndingSoon, bookingId: bookingId,
                    payload: NotificationPayload(text: "still held",
                                                 condition: .bookingStatus(bookingId: bookingId, oneOf: [.held]))),
                    now: Date())
                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client,
                                                lookups: lookups, retryBase: 0.1)
                try await withDispatchers([dispatcher]) {
                    try await waitUntil("sent after retries", deadline: .seconds(60)) {
                        try await fixture.count(status: "sent") == 1
                    }
                }
                let row = try #require(try await fixture.row(dedupeKey: "conditional"))
                #expect(try row.decode("attempts", as: Int.self) == 4)
                #expect(try await sandbox.botTexts(chat) == ["still held"])
            }
        }
    }
}
