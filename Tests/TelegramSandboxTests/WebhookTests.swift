import Foundation
import HTTPClient
import TestSupport
import Testing
import TelegramSandbox

@Suite struct WebhookTests {
    @Test func deliversEachUpdateWithTheSecretHeader() async throws {
        let receiver = WebhookReceiver()
        try await receiver.run { url in
            try await withSandbox { sandbox in
                let set = try await sandbox.call("setWebhook", ["url": .string(url), "secret_token": "s3cr3t-Token_1"])
                #expect(set.result == true)
                #expect(set.description == "Webhook was set")

                try await sandbox.userSays("/start")
                try await sandbox.userSays("Помощь")
                try await waitUntil("both updates delivered") { receiver.deliveries.count == 2 }

                let deliveries = receiver.deliveries
                #expect(deliveries.allSatisfy { $0.secretToken == "s3cr3t-Token_1" })
                #expect(deliveries.allSatisfy { $0.contentType?.hasPrefix("application/json") == true })
                #expect(deliveries.map { $0.body["message"]?["text"]?.stringValue } == ["/start", "Помощь"])
                let info = try await sandbox.call("getWebhookInfo").requireResult()
                #expect(info["url"]?.stringValue == url)
                #expect(info["pending_update_count"] == 0)
            }
        }
    }

    @Test func getUpdatesIsRefusedWhileAWebhookIsSet() async throws {
        try await withSandbox { sandbox in
            _ = try await sandbox.call("setWebhook", ["url": "http://127.0.0.1:9/hook"])
            let refused = try await sandbox.call("getUpdates")
            #expect(refused.status == 409)
            #expect(refused.errorCode == 409)
            #expect(refused.description == "Conflict: can't use getUpdates method while webhook is active; use "
                + "deleteWebhook to delete the webhook first")

            let deleted = try await sandbox.call("deleteWebhook")
            #expect(deleted.description == "Webhook was deleted")
            #expect(try await sandbox.call("deleteWebhook").description == "Webhook is already deleted")
            #expect(try await sandbox.call("getUpdates").ok)
        }
    }

    @Test func retriesAFailedDeliveryAndReportsTheError() async throws {
        let receiver = WebhookReceiver(failFirst: [500, 502])
        try await receiver.run { url in
            try await withSandbox { sandbox in
                _ = try await sandbox.call("setWebhook", ["url": .string(url)])
                try await sandbox.userSays("/start")
                try await waitUntil("the update delivered after two failures") { receiver.deliveries.count == 1 }
                // The receiver counts a delivery when the request arrives; the sandbox clears it from the queue
                // only once the 200 answer is back, a moment later.
                try await waitUntil("the delivered update leaves the queue") {
                    try await sandbox.call("getWebhookInfo").requireResult()["pending_update_count"] == 0
                }
                #expect(receiver.attempts == 3)
                #expect(receiver.deliveries.first?.secretToken == nil)
                let info = try await sandbox.call("getWebhookInfo").requireResult()
                #expect(info["last_error_message"] == "Wrong response from the webhook: 502 Bad Gateway")
                #expect(info["last_error_date"]?.intValue != nil)
                #expect(info["pending_update_count"] == 0)
            }
        }
    }

    @Test func keepsUpdatesWhileTheWebhookIsUnreachable() async throws {
        try await withSandbox { sandbox in
            let closedPort = try ServiceProcess.freePort()
            _ = try await sandbox.call("setWebhook", ["url": .string("http://127.0.0.1:\(closedPort)/hook")])
            try await sandbox.userSays("/start")
            try await waitUntil("a failed attempt is recorded") {
                try await sandbox.call("getWebhookInfo").requireResult()["last_error_message"] != nil
            }
            let info = try await sandbox.call("getWebhookInfo").requireResult()
            #expect(info["last_error_message"] == "Connection refused")
            #expect(info["pending_update_count"] == 1)
            // Switching back to polling hands over the undelivered update.
            _ = try await sandbox.call("deleteWebhook")
            let updates = try await sandbox.call("getUpdates").requireResult().arrayValue ?? []
            #expect(updates.first?["message"]?["text"] == "/start")
        }
    }

    @Test func refusesMalformedWebhookSettings() async throws {
        try await withSandbox { sandbox in
            let wrongScheme = try await sandbox.call("setWebhook", ["url": "ftp://example.kz"])
            #expect(wrongScheme.description == "Bad Request: bad webhook: Wrong HTTP URL specified")
            let badSecret = try await sandbox.call("setWebhook", ["url": "https://example.kz/hook",
                                                                  "secret_token": "with space"])
            #expect(badSecret.description == "Bad Request: secret token contains unallowed characters")
        }
    }
}
