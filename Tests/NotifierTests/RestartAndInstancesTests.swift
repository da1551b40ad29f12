import Contracts
import Database
import Foundation
import HTTPClient
@testable import Notifier
import TelegramSandbox
import TestSupport
import Testing

/// Restarts and several instances: nothing lost, nothing sent twice.
@Suite("NotifierRestartAndInstancesTests", .timeLimit(.minutes(10)))
struct RestartAndInstancesTests {
    @Test func restartedNotifierDeliversFullQueueExactlyOnce() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let chats = (0..<100).map { Int64(30_000 + $0) }
                try await sandbox.openChats(chats)
                let notifications = textNotifications(chats: chats, perChat: 4)
                try await enqueueAll(notifications, pool: fixture.pool)

                // The first instance delivers part of the queue, then shuts down gracefully mid-way.
                let first = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client)
                try await withDispatchers([first]) {
                    try await waitUntil("some messages sent", deadline: .seconds(120)) {
                        try await fixture.count(status: "sent") >= 60
                    }
                }
                let afterStop = try await fixture.statusCounts()
                #expect(afterStop["sending"] == nil, "a graceful stop leaves nothing in flight")
                #expect((afterStop["queued"] ?? 0) > 0, "the restart must have work left")

                // A new process (new pool, new instance id) takes over.
                let pool = fixture.makePool()
                let second = makeDispatcher(pool: pool, sandboxURL: sandbox.baseURL, http: sandbox.client)
                try await withDispatchers([second]) {
                    try await waitUntil("all messages sent", deadline: .seconds(300), interval: .milliseconds(250)) {
                        try await fixture.count(status: "sent") == notifications.count
                    }
                }
                try await expectExactlyOnce(notifications, chats: chats, sandbox: sandbox)
            }
        }
    }

    @Test func rowsLeftByACrashedInstanceAreDeliveredOnceAfterTheirLease() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let chats = (0..<20).map { Int64(35_000 + $0) }
                try await sandbox.openChats(chats)
                let notifications = textNotifications(chats: chats, perChat: 2)
                try await enqueueAll(notifications, pool: fixture.pool)
                // A "crashed" instance claimed rows (lease 1 s) and never sent them.
                let crashed = NotificationQueue(database: fixture.pool, lease: 1)
                let claim = try await crashed.claim(maximum: 10, businessNow: Date(), instance: UUID())
                #expect(claim.notifications.count == 10)
                #expect(try await fixture.count(status: "sending") == 10)

                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client)
                try await withDispatchers([dispatcher]) {
                    try await waitUntil("all messages sent", deadline: .seconds(120), interval: .milliseconds(200)) {
                        try await fixture.count(status: "sent") == notifications.count
                    }
                }
                try await expectExactlyOnce(notifications, chats: chats, sandbox: sandbox)
            }
        }
    }

    @Test func twoInstancesNeverSendTheSameMessageTwice() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let chats = (0..<150).map { Int64(40_000 + $0) }
                try await sandbox.openChats(chats)
                let notifications = textNotifications(chats: chats, perChat: 4)
                try await enqueueAll(notifications, pool: fixture.pool)
                let otherPool = fixture.makePool()
                let one = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client)
                let two = makeDispatcher(pool: otherPool, sandboxURL: sandbox.baseURL, http: sandbox.client)
                try await withDispatchers([one, two]) {
                    try await waitUntil("all messages sent", deadline: .seconds(300), interval: .milliseconds(250)) {
                        try await fixture.count(status: "sent") == notifications.count
                    }
                }
                try await expectExactlyOnce(notifications, chats: chats, sandbox: sandbox)
                // Both instances did part of the work.
                let senders = try await fixture.pool.query(
                    "SELECT claimed_by, count(*) AS n FROM notifications GROUP BY claimed_by")
                let byInstance = Dictionary(uniqueKeysWithValues: try senders.map {
                    (try $0.decode("claimed_by", as: UUID.self), try $0.decode("n", as: Int.self))
                })
                #expect((byInstance[one.instance] ?? 0) > 0)
                #expect((byInstance[two.instance] ?? 0) > 0)
                #expect(try await sandbox.counter("messages_sent") == Int64(notifications.count))
            }
        }
    }
}
