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
                // 8 messages/s overall: the 201 messages take about 25 s, so the SIGTERM below lands while the
                // queue is still full even when this machine is busy (at the default 28/s a slow moment of the
                // test once let the notifier send everything first, and the restart tested nothing).
                let overrides = ["TELEGRAM_API_URL": sandbox.baseURL, "TELEGRAM_BOT_TOKEN": SandboxHarness.token,
                                 "DB_POOL_SIZE": "4", "NOTIFIER_GLOBAL_RATE": "8"]
                var notifier = try await platform.start(.notifier, overrides: overrides)
                try await waitUntil("the notifier's queues are bound", deadline: .seconds(60),
                                    diagnostics: { notifier.log }) {
                    notifier.log.contains("message bus running")
                }

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

                // Stop (SIGTERM) while the queue is still full, then start again.
                try await waitUntil("some messages delivered", deadline: .seconds(120), interval: .milliseconds(100)) {
                    try await sandbox.counter("messages_sent") >= 20
                }
                #expect(await notifier.terminate() == 0)
                #expect(try await sandbox.counter("messages_sent") < Int64(expected.count + 1))
                notifier = try await platform.start(.notifier, overrides: overrides)
                try await waitUntil("everything delivered", deadline: .seconds(300), interval: .milliseconds(500),
                                    diagnostics: { notifier.log }) {
                    try await sandbox.counter("messages_sent") >= Int64(expected.count + 1)
                }
                // Give a duplicate every chance to show up before counting.
                try await Task.sleep(for: .seconds(2))
                #expect(await notifier.terminate() == 0)
                try await expectExactlyOnce(expected, chats: chats, sandbox: sandbox)
                let guestTexts = try await sandbox.botTexts(guest)
                #expect(guestTexts.count == 1)
                #expect(guestTexts.first?.contains("Время на оплату брони №100042 истекло") == true)
                #expect(try await sandbox.counter("messages_sent") == Int64(expected.count + 1))
                #expect(!notifier.log.contains(SandboxHarness.token))
            }
        }
    }
}

/// Publishes through the management API until the broker says it routed the message (under load the API
/// sometimes fails to answer; a message published twice is exactly what the dedupe keys are for).
func publish(_ broker: TestBroker, exchange: String, type: MessageType, body: Data) async throws {
    try await waitUntil("\(type) routed", deadline: .seconds(30), interval: .milliseconds(200)) {
        (try? await broker.publishRaw(exchange: exchange, routingKey: type.rawValue,
                                      payload: String(decoding: body, as: UTF8.self))) == true
    }
}
