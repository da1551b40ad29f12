import Contracts
import Database
import Foundation
import HTTPClient
@testable import Notifier
import TelegramSandbox
import TestSupport
import Testing

/// The real notifier executable: commands and events from RabbitMQ to the sandbox, and a SIGTERM in the middle
/// of a full queue.
@Suite("NotifierServiceTests", .timeLimit(.minutes(10)))
struct NotifierServiceTests {
    @Test func executableDeliversCommandsAndEventsExactlyOnceAcrossARestart() async throws {
        try await PlatformHarness.with { platform in
            try await withSandbox { sandbox in
                let chats = (0..<40).map { Int64(50_000 + $0) }
                let guest: Int64 = 50_999
                try await sandbox.openChats(chats + [guest])
                // The stop point does not depend on how fast this machine sends: sends to the first chat wait in
                // the sandbox until released, and one claim loop with batches of 10 waits for its whole batch.
                let held = chats[0]
                let batch = 10
                let overrides = ["TELEGRAM_API_URL": sandbox.baseURL, "TELEGRAM_BOT_TOKEN": SandboxHarness.token,
                                 "DB_POOL_SIZE": "4", "NOTIFIER_WORKERS": "1", "NOTIFIER_BATCH": "\(batch)"]
                // A first run declares and binds the notifier's queues; everything is published while it is stopped,
                // so the held send below waits only while the next run plans what is already there (well within
                // the notifier's 30 s HTTP timeout, after which it would give up on the send).
                var notifier = try await platform.start(.notifier, overrides: overrides)
                try await waitUntil("the notifier's queues are bound", deadline: .seconds(60),
                                    diagnostics: { notifier.log }) {
                    notifier.log.contains("message bus running")
                }
                #expect(await notifier.terminate() == 0)

                var expected: [NewNotification] = []
                for index in 0..<5 {
                    for chat in chats {
                        let command = SendNotification(chatId: chat, text: "cmd \(chat) \(index)",
                                                       buttons: [[NotificationButton(text: "Меню",
                                                                                     callbackData: "m:menu")]],
                                                       dedupeKey: "test:\(chat):\(index)")
                        expected.append(NewNotification(dedupeKey: command.dedupeKey, chatId: chat, kind: .direct,
                                                        payload: NotificationPayload(text: command.text)))
                        let body = try RawEnvelope(Envelope(command, producer: .admin)).body
                        // Every command twice, as a redelivering broker or a retrying sender would.
                        for _ in 0..<2 {
                            try await publish(platform.broker, exchange: Topology.commandsExchange,
                                              type: SendNotification.messageType, body: body)
                        }
                    }
                }
                let expired = sampleBooking(status: .expired, guestChat: guest)
                let event = try RawEnvelope(Envelope(BookingExpired(booking: expired), producer: .booking)).body
                try await publish(platform.broker, exchange: Topology.eventsExchange,
                                  type: BookingExpired.messageType, body: event)
                let total = expected.count + 1
                try await sandbox.hold(held)
                notifier = try await platform.start(.notifier, overrides: overrides)

                // The known point: every message is queued, and the worker waits for the held chat's first message,
                // the oldest row, so it sent at most the rest of its first batch.
                try await waitUntil("every message is queued and a send to the held chat waits",
                                    deadline: .seconds(120), diagnostics: { notifier.log }) {
                    let waiting = try await sandbox.counter("held_sends") >= 1
                    let queued = try await notificationStatuses(platform).values.reduce(0, +)
                    return waiting && queued == total
                }
                let atStop = try await notificationStatuses(platform)
                #expect(atStop["queued", default: 0] >= total - batch, "\(atStop)")
                #expect(try await sandbox.counter("messages_sent") < Int64(batch))

                // SIGTERM: the notifier stops claiming, finishes the held send once it is released, and exits.
                let stopping = notifier
                async let exitStatus = stopping.terminate(deadline: .seconds(60))
                try await waitUntil("the notifier stops claiming", diagnostics: { stopping.log }) {
                    stopping.log.contains("notification workers stopping")
                }
                try await sandbox.release(held)
                #expect(await exitStatus == 0)
                let afterStop = try await notificationStatuses(platform)
                #expect(afterStop["queued", default: 0] == atStop["queued", default: 0],
                        "nothing was claimed after the SIGTERM: \(afterStop)")
                #expect(afterStop["sending", default: 0] == 0, "the send in flight was finished and recorded")

                notifier = try await platform.start(.notifier, overrides: overrides)
                let restarted = notifier
                try await waitUntil("everything delivered", deadline: .seconds(300), interval: .milliseconds(500),
                                    diagnostics: { restarted.log }) {
                    try await sandbox.counter("messages_sent") >= Int64(total)
                }
                try await waitUntilNotifierDrained(platform, log: restarted)
                #expect(try await notificationStatuses(platform) == ["sent": total])
                #expect(await notifier.terminate() == 0)
                try await expectExactlyOnce(expected, chats: chats, sandbox: sandbox)
                let guestTexts = try await sandbox.botTexts(guest)
                #expect(guestTexts.count == 1)
                #expect(guestTexts.first?.contains("Время на оплату брони №100042 истекло") == true)
                #expect(try await sandbox.counter("messages_sent") == Int64(total))
                #expect(!notifier.log.contains(SandboxHarness.token))
            }
        }
    }
}

/// Waits until nothing more can come from the notifier `log` belongs to: its commands and events queues are empty
/// (nothing left that could plan another message) and none of its rows is queued or sending. A late duplicate then
/// has nowhere to come from.
func waitUntilNotifierDrained(_ platform: PlatformHarness, log process: ServiceProcess) async throws {
    try await waitUntil("the notifier has drained", deadline: .seconds(60), diagnostics: { process.log }) {
        let statuses = try await notificationStatuses(platform)
        let commands = try await platform.broker.queueDepth(Topology.commandsQueue(.notifier))
        let events = try await platform.broker.queueDepth(Topology.eventsQueue(.notifier))
        return statuses["queued", default: 0] + statuses["sending", default: 0] == 0 && commands == 0 && events == 0
    }
}

/// How many of the notifier's rows have each status, read in one statement.
func notificationStatuses(_ platform: PlatformHarness) async throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for row in try await platform.database.adminPool.query("""
        SELECT status, count(*)::int AS n FROM notifier.notifications GROUP BY status
        """) {
        counts[try row.decode("status", as: String.self)] = try row.decode("n", as: Int.self)
    }
    return counts
}

/// Publishes through the management API until the broker says it routed the message (under load the API
/// sometimes fails to answer; a message published twice is exactly what the dedupe keys are for).
func publish(_ broker: TestBroker, exchange: String, type: MessageType, body: Data) async throws {
    try await waitUntil("\(type) routed", deadline: .seconds(30), interval: .milliseconds(200)) {
        (try? await broker.publishRaw(exchange: exchange, routingKey: type.rawValue,
                                      payload: String(decoding: body, as: UTF8.self))) == true
    }
}
