import Contracts
import Foundation
@testable import Notifier
import TelegramSandbox
import TestSupport
import Testing

/// The real notifier executable consumes `catalog.review.published.v1` (its events queue is bound to it).
@Suite("NotifierReviewServiceTests", .timeLimit(.minutes(5)))
struct ReviewServiceTests {
    @Test func executableAlertsTheRealtorOnceWhenAReviewIsPublished() async throws {
        try await PlatformHarness.with { platform in
            try await withSandbox { sandbox in
                let realtor: Int64 = 51_501
                try await sandbox.openChats([realtor])
                let notifier = try await platform.start(.notifier, overrides: [
                    "TELEGRAM_API_URL": sandbox.baseURL, "TELEGRAM_BOT_TOKEN": SandboxHarness.token,
                    "DB_POOL_SIZE": "4", "RPC_TIMEOUT": "1s",
                ])
                try await waitUntil("the notifier's queues are bound", deadline: .seconds(60),
                                    diagnostics: { notifier.log }) {
                    notifier.log.contains("message bus running")
                }
                let apartment = UUID()
                let review = ReviewPublished(reviewId: UUID(), apartmentId: apartment, bookingId: UUID(),
                                             guestId: 51_001, realtorId: realtor, rating: 4, occurredAt: Date())
                let body = try RawEnvelope(Envelope(review, producer: .catalog)).body
                for _ in 0..<2 { // redelivered: still one alert
                    try await publish(platform.broker, exchange: Topology.eventsExchange,
                                      type: ReviewPublished.messageType, body: body)
                }
                try await waitUntil("the realtor is alerted", deadline: .seconds(60), diagnostics: { notifier.log }) {
                    try await sandbox.counter("messages_sent") >= 1
                }
                try await waitUntilNotifierDrained(platform, log: notifier)
                #expect(await notifier.terminate() == 0)
                let messages = try await sandbox.botMessages(realtor)
                #expect(messages.count == 1)
                // No catalog runs here: the alert goes without the apartment's label.
                #expect(messages.first?["text"]?.stringValue?.contains("Новый отзыв ⭐ 4/5") == true)
                #expect(messages.first?["reply_markup"]?["inline_keyboard"]?[0]?[0]?["callback_data"]?.stringValue
                    == "v:ls:\(apartment.uuidString.lowercased()):1")
            }
        }
    }
}
