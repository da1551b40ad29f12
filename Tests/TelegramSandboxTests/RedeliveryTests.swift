import Foundation
import HTTPClient
import Testing
import TelegramSandbox
import TestSupport

/// `POST /sandbox/updates/redeliver`: an update the bot already received comes again, once, by getUpdates (even
/// past the bot's offset) or by the webhook.
@Suite struct RedeliveryTests {
    @Test func redeliveredUpdateComesAgainOnceDespiteTheOffset() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            try await sandbox.userSays("Помощь")
            let delivered = try await sandbox.drainUpdates()
            let first = try requireValue(delivered.first?["update_id"]?.int64Value, "update_id")
            let last = try requireValue(delivered.last?["update_id"]?.int64Value, "update_id")

            let redelivered = try await sandbox.control(.post, "updates/redeliver", ["update_id": .int(first)])
                .requireResult()
            #expect(redelivered["update_id"]?.int64Value == first)
            #expect(redelivered["message"]?["text"] == "/start")
            // Still waiting: a second redelivery of the same update is refused.
            let twice = try await sandbox.control(.post, "updates/redeliver", ["update_id": .int(first)])
            #expect(twice.status == 409)
            #expect(twice.error == "update \(first) has not been delivered yet")

            // The bot polls with its offset past the update: it comes anyway, with the same content.
            let again = try await sandbox.call("getUpdates", ["offset": .int(last + 1), "timeout": 0]).requireResult()
            #expect(again.arrayValue?.map { $0["update_id"]?.int64Value } == [first])
            #expect(again.arrayValue?.first == delivered.first)
            // Delivered once more: the same offset now confirms it.
            let after = try await sandbox.call("getUpdates", ["offset": .int(last + 1), "timeout": 0]).requireResult()
            #expect(after.arrayValue?.isEmpty == true)
        }
    }

    @Test func redeliveryOfAnUnknownUpdateIsNotFound() async throws {
        try await withSandbox { sandbox in
            let missing = try await sandbox.control(.post, "updates/redeliver", ["update_id": 5])
            #expect(missing.status == 404)
            #expect(missing.error?.hasPrefix("no update 5 for bot ") == true, "\(missing.error ?? "")")
            let malformed = try await sandbox.control(.post, "updates/redeliver", ["update": 5])
            #expect(malformed.status == 400)
        }
    }

    @Test func redeliveredUpdateGoesToTheWebhookAgain() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await withSandbox { sandbox in
                _ = try await sandbox.call("setWebhook", ["url": .string(url)])
                let message = try await sandbox.userSays("/start")
                #expect(message["text"] == "/start")
                // The receiver records a delivery before the sandbox has its answer: wait for the sandbox's side too.
                let confirmed: @Sendable () async throws -> Bool = {
                    try await sandbox.call("getWebhookInfo").requireResult()["pending_update_count"] == 0
                }
                try await waitUntil("the update delivered") { receiver.deliveries.count == 1 }
                try await waitUntil("the delivery confirmed", confirmed)
                let updateId = try requireValue(receiver.deliveries.first?.body["update_id"]?.int64Value, "update_id")
                _ = try await sandbox.control(.post, "updates/redeliver", ["update_id": .int(updateId)]).requireResult()
                try await waitUntil("the update delivered again") { receiver.deliveries.count == 2 }
                try await waitUntil("the second delivery confirmed", confirmed)
                #expect(receiver.deliveries.map { $0.body["update_id"]?.int64Value } == [updateId, updateId])
            }
        }
    }
}
