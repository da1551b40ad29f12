import Foundation
import Gateway
import HTTPClient
import Testing
import TestSupport

/// Webhook mode: the gateway registers its URL and secret with the (sandbox) Bot API, which then POSTs updates
/// with the secret header; requests without the secret are refused and change nothing.
@Suite struct GatewayWebhookEndToEndTests {
    @Test func updatesArriveByWebhookAndRequestsWithoutTheSecretAreRefused() async throws {
        let port = try ServiceProcess.freePort()
        let secret = "zg-webhook_\(Int.random(in: 100_000...999_999))"
        let webhook = "http://127.0.0.1:\(port)/telegram/webhook"
        try await withRestartableBot(gatewayOverrides: [
            "HTTP_PORT": "\(port)", "TELEGRAM_WEBHOOK_URL": webhook, "TELEGRAM_WEBHOOK_SECRET": secret,
        ]) { bot, gateway in
            // The sandbox delivers the guest's /start to the webhook with the secret header.
            try await waitUntil("the webhook is registered", deadline: .seconds(60)) {
                gateway.log.contains("webhook registered")
            }
            _ = try await bot.control("POST", "/sandbox/messages",
                                      ["user": ["id": 4101, "first_name": "Айгерим"], "text": "/start"])
            let reply = try await bot.control("GET", "/sandbox/chats/4101/next?timeout=30")
            #expect(reply["text"] as? String == Texts.greeting)

            /// The bot's messages in a chat (none while the sandbox does not know the chat).
            func botMessages(_ chat: Int) async -> [[String: Any]] {
                (try? await bot.controlValue("GET", "/sandbox/chats/\(chat)/messages?from=bot")) as? [[String: Any]] ?? []
            }
            // Someone else posts updates to the gateway directly.
            func post(_ body: Data, secret: String?) async throws -> Int {
                var headers: HTTPHeaders = ["Content-Type": "application/json"]
                if let secret { headers = ["Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret] }
                let response = try await bot.client.send(HTTPRequest(method: .post, url: webhook, headers: headers,
                                                                     body: .data(body, contentType: "application/json")))
                return response.status
            }
            func update(chat: Int, updateId: Int, text: String = "/start") throws -> Data {
                try JSONSerialization.data(withJSONObject: [
                    "update_id": updateId,
                    "message": ["message_id": 1, "date": Int(Date().timeIntervalSince1970), "text": text,
                                "chat": ["id": chat, "type": "private"],
                                "from": ["id": chat, "is_bot": false, "first_name": "Чужой"]],
                ])
            }
            // (The chat of the guest above: the sandbox only lets the bot write to chats it knows.)
            #expect(try await post(try update(chat: 4101, updateId: 900_001), secret: nil) == 401)
            #expect(try await post(try update(chat: 4101, updateId: 900_002), secret: secret + "x") == 401)
            #expect(try await post(Data("{not json".utf8), secret: secret) == 400)
            // With the right secret the gateway takes it (and answers through the Bot API), once per update_id.
            #expect(try await post(try update(chat: 4101, updateId: 900_003), secret: secret) == 200)
            #expect(try await post(try update(chat: 4101, updateId: 900_003), secret: secret) == 200)
            // A marker behind them: the gateway handles a chat's updates in order, so once the marker is answered
            // every update stored before it has been handled, a refused one or a second 900_003 included.
            #expect(try await post(try update(chat: 4101, updateId: 900_004, text: "маркер"), secret: secret) == 200)
            try await waitUntil("the marker update is answered", deadline: .seconds(30)) {
                await botMessages(4101).contains { $0["text"] as? String == Texts.unknownText }
            }
            let answered = await botMessages(4101).compactMap { $0["text"] as? String }
            #expect(answered == [Texts.greeting, Texts.greeting, Texts.unknownText],
                    "refused requests reach no handler and the update posted twice is handled once: \(answered)")
        }
    }
}

@Suite struct GatewayPollingAfterWebhookTests {
    /// Switching back from webhook mode: Telegram refuses getUpdates (409) while the old webhook is set, so the
    /// polling gateway removes it and answers the guest.
    @Test func pollingGatewayRemovesALeftoverWebhook() async throws {
        try await withBot { bot in
            let setWebhook = try await bot.client.send(HTTPRequest(
                method: .post, url: bot.baseURL + "/bot123456:sandbox-token/setWebhook",
                body: .data(Data(#"{"url":"http://127.0.0.1:9/telegram/webhook"}"#.utf8), contentType: "application/json")))
            #expect(setWebhook.status == 200)
            _ = try await bot.control("POST", "/sandbox/messages",
                                      ["user": ["id": 4201, "first_name": "Айгерим"], "text": "/start"])
            let reply = try await bot.control("GET", "/sandbox/chats/4201/next?timeout=60")
            #expect(reply["text"] as? String == Texts.greeting)
        }
    }
}
