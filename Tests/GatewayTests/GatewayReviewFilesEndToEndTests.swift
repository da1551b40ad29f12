import Database
import Foundation
import Gateway
import HTTPClient
import Testing
import TestSupport

/// What the sandbox's control API cannot send — documents, a "photo" whose file is not an image, a sticker — posted
/// to the gateway in webhook mode as Telegram would deliver them, while a review draft waits for photos. The files
/// are real sandbox files (uploaded by the bot with sendDocument), so the gateway's getFile and download run for real.
@Suite struct GatewayReviewFilesEndToEndTests {
    @Test func documentsAndNonImagePhotosAreRefusedAndTheDraftKeepsWaiting() async throws {
        let port = try ServiceProcess.freePort()
        let secret = "zg-review_\(Int.random(in: 100_000...999_999))"
        let webhook = "http://127.0.0.1:\(port)/telegram/webhook"
        try await withRestartableBot(gatewayOverrides: [
            "HTTP_PORT": "\(port)", "TELEGRAM_WEBHOOK_URL": webhook, "TELEGRAM_WEBHOOK_SECRET": secret,
        ]) { bot, gateway in
            try await waitUntil("the webhook is registered", deadline: .seconds(60)) {
                gateway.log.contains("webhook registered")
            }
            let chat = ChatDriver(bot: bot, userId: 5501)
            try await chat.say("/start")
            _ = try await chat.next()

            // Files the sandbox knows for this bot: a PDF and a PNG, sent as documents.
            func upload(_ data: Data, filename: String, type: String) async throws -> String {
                let response = try await bot.client.send(HTTPRequest(
                    method: .post, url: bot.baseURL + "/bot123456:sandbox-token/sendDocument",
                    body: .multipart([.field(name: "chat_id", value: "5501"),
                                      .file(name: "document", filename: filename, contentType: type, data: data)])))
                let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
                let document = (object?["result"] as? [String: Any])?["document"] as? [String: Any]
                return try #require(document?["file_id"] as? String, "\(response.text)")
            }
            let pdf = try await upload(Data("%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".utf8), filename: "menu.pdf",
                                       type: "application/pdf")
            let png = try await upload(ReviewFixtures.png(), filename: "room.png", type: "image/png")

            // A draft waiting for photos (as after rating and text).
            var waiting = ReviewDraft(bookingId: UUID(), apartmentId: UUID())
            waiting.step = .photos
            waiting.rating = 4
            waiting.text = "Хорошо"
            let state = String(decoding: try JSONEncoder().encode(ConversationState.review(waiting)), as: UTF8.self)
            // (The /start's transaction commits just after its reply: wait until its conversation row is there.)
            try await waitUntil("the draft is stored", deadline: .seconds(30)) {
                try await bot.platform.database.adminPool.execute("""
                    UPDATE gateway.conversations SET state = \(state)::jsonb WHERE chat_id = 5501
                    """) == 1
            }
            func deliver(_ updateId: Int, _ message: [String: Any]) async throws {
                var fields = message
                fields["message_id"] = updateId
                fields["date"] = Int(Date().timeIntervalSince1970)
                fields["chat"] = ["id": 5501, "type": "private"]
                fields["from"] = ["id": 5501, "is_bot": false, "first_name": "Тест"]
                let body = try JSONSerialization.data(withJSONObject: ["update_id": updateId, "message": fields])
                let response = try await bot.client.send(HTTPRequest(
                    method: .post, url: webhook,
                    headers: ["Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret],
                    body: .data(body, contentType: "application/json")))
                #expect(response.status == 200)
            }
            /// Delivers update `updateId` with `message` and waits for the bot's `expected` answer.
            func expect(_ expected: String, after updateId: Int, _ message: [String: Any]) async throws {
                let before = try await chat.countMessages { $0 == expected }
                try await deliver(updateId, message)
                try await waitUntil("«\(expected)» after update \(updateId)", deadline: .seconds(30)) {
                    try await chat.countMessages { $0 == expected } > before
                }
            }
            func document(_ fileId: String, name: String, type: String) -> [String: Any] {
                ["document": ["file_id": fileId, "file_unique_id": "u-\(fileId.suffix(8))", "file_name": name,
                              "mime_type": type]]
            }

            // A PDF: not an image.
            try await expect(Texts.notAnImage, after: 700_001, document(pdf, name: "menu.pdf", type: "application/pdf"))
            // A PDF that claims to be a JPEG: downloaded, its bytes are not an image.
            try await expect(Texts.notAnImage, after: 700_002, document(pdf, name: "photo.jpg", type: "image/jpeg"))
            // A real picture sent as a file: asked for as a photo.
            try await expect(Texts.imageAsFile, after: 700_003, document(png, name: "room.png", type: "image/png"))
            // A "photo" whose file is the PDF: downloaded and refused.
            try await expect(Texts.notAnImage, after: 700_004,
                             ["photo": [["file_id": pdf, "file_unique_id": "u-fake", "width": 800, "height": 600]]])
            // A sticker: the step's hint.
            try await expect(Texts.photosHint, after: 700_005, ["sticker": [
                "file_id": "CAACAgIAAxkBAAE", "file_unique_id": "u-sticker", "width": 512, "height": 512,
                "is_animated": false, "is_video": false, "type": "regular",
            ]])

            // Nothing was added; the draft still waits for photos.
            let rows = try await bot.platform.database.adminPool.query("""
                SELECT state::text AS state FROM gateway.conversations WHERE chat_id = 5501
                """)
            let stored = try rows.first?.decode("state", as: String.self) ?? ""
            #expect(try JSONDecoder().decode(ConversationState.self, from: Data(stored.utf8)) == .review(waiting))
        }
    }
}
