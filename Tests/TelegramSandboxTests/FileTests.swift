import Foundation
import HTTPClient
import Testing
import TelegramSandbox

@Suite struct FileTests {
    private func photoPart(_ data: Data, name: String = "photo") -> MultipartPart {
        .file(name: name, filename: "apartment.png", contentType: "image/png", data: data)
    }

    @Test func uploadsAPhotoAndServesTheSameBytes() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let png = TestImages.png(width: 1600, height: 1200)
            let message = try await sandbox.callMultipart("sendPhoto", [
                .field(name: "chat_id", value: "1001"), .field(name: "caption", value: "<b>Алматы</b>, 2 комнаты"),
                .field(name: "parse_mode", value: "HTML"), photoPart(png),
            ]).requireResult()
            let sizes = try requireValue(message["photo"]?.arrayValue, "photo")
            #expect(sizes.count >= 2)
            let largest = try requireValue(sizes.last, "largest size")
            #expect(largest["width"] == 1600)
            #expect(largest["height"] == 1200)
            #expect(largest["file_size"]?.intValue == png.count)
            #expect(sizes.first?["width"] == 90)
            #expect(Set(sizes.compactMap { $0["file_id"]?.stringValue }).count == sizes.count)
            #expect(message["caption"] == "Алматы, 2 комнаты")
            #expect(message["caption_entities"]?[0]?["type"] == "bold")

            let fileId = try requireValue(largest["file_id"]?.stringValue, "file_id")
            let file = try await sandbox.call("getFile", ["file_id": .string(fileId)]).requireResult()
            #expect(file["file_unique_id"] == largest["file_unique_id"])
            let path = try requireValue(file["file_path"]?.stringValue, "file_path")
            let download = try await sandbox.get("/file/bot\(sandbox.token)/\(path)")
            #expect(download.status == 200)
            #expect(download.body == png)
            #expect(download.headers["Content-Type"] == "image/png")
        }
    }

    @Test func sendsAPhotoAgainByFileId() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let first = try await sandbox.callMultipart("sendPhoto", [
                .field(name: "chat_id", value: "1001"), photoPart(TestImages.png(width: 320, height: 240)),
            ]).requireResult()
            let fileId = try requireValue(first["photo"]?.arrayValue?.last?["file_id"], "file_id")
            let again = try await sandbox.call("sendPhoto", ["chat_id": 1001, "photo": fileId,
                                                             "caption": "та же фотография"]).requireResult()
            #expect(again["photo"] == first["photo"])
            #expect(again["message_id"] != first["message_id"])

            let wrong = try await sandbox.call("sendPhoto", ["chat_id": 1001, "photo": "AgACAgIAAxkBAAIdoesnotexist"])
            #expect(wrong.description == "Bad Request: wrong file identifier/HTTP URL specified")
        }
    }

    @Test func refusesPhotosThatAreNotImages() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let notImage = try await sandbox.callMultipart("sendPhoto", [
                .field(name: "chat_id", value: "1001"),
                .file(name: "photo", filename: "x.png", contentType: "image/png", data: Data("not a picture".utf8)),
            ])
            #expect(notImage.status == 400)
            #expect(notImage.description == "Bad Request: IMAGE_PROCESS_FAILED")
            let missing = try await sandbox.callMultipart("sendPhoto", [.field(name: "chat_id", value: "1001")])
            #expect(missing.description == "Bad Request: there is no photo in the request")
            let tooLongCaption = try await sandbox.callMultipart("sendPhoto", [
                .field(name: "chat_id", value: "1001"), .field(name: "caption", value: String(repeating: "a", count: 1025)),
                photoPart(TestImages.png(width: 10, height: 10)),
            ])
            #expect(tooLongCaption.description == "Bad Request: message caption is too long")
            let attached = try await sandbox.callMultipart("sendPhoto", [
                .field(name: "chat_id", value: "1001"), .field(name: "photo", value: "attach://pic"),
                photoPart(TestImages.png(width: 10, height: 10), name: "pic"),
            ])
            #expect(attached.ok)
        }
    }

    @Test func sendsDocumentsWithNameAndType() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let csv = Data("\u{FEFF}Квартира;Выручка\nАлматы-1;150000\n".utf8)
            let message = try await sandbox.callMultipart("sendDocument", [
                .field(name: "chat_id", value: "1001"), .field(name: "caption", value: "Статистика за 30 дней"),
                .file(name: "document", filename: "stats.csv", contentType: "text/csv", data: csv),
            ]).requireResult()
            let document = try requireValue(message["document"], "document")
            #expect(document["file_name"] == "stats.csv")
            #expect(document["mime_type"] == "text/csv")
            #expect(document["file_size"]?.intValue == csv.count)
            let file = try await sandbox.call("getFile", ["file_id": document["file_id"] ?? ""]).requireResult()
            let path = try requireValue(file["file_path"]?.stringValue, "file_path")
            #expect(path.hasSuffix(".csv"))
            #expect(try await sandbox.get("/file/bot\(sandbox.token)/\(path)").body == csv)

            let asPhoto = try await sandbox.call("sendPhoto", ["chat_id": 1001, "photo": document["file_id"] ?? ""])
            #expect(asPhoto.description == "Bad Request: can't use file of type Document as Photo")
            let missing = try await sandbox.call("sendDocument", ["chat_id": 1001])
            #expect(missing.description == "Bad Request: there is no document in the request")
        }
    }

    @Test func fileIdsBelongToOneBot() async throws {
        let other = BotAccount(id: 654_321, token: "654321:other-bot", username: "other_bot", firstName: "Other")
        try await withSandbox(.forTests(extraBots: [other])) { sandbox in
            try await sandbox.userSays("/start")
            let photo = try await sandbox.callMultipart("sendPhoto", [
                .field(name: "chat_id", value: "1001"), photoPart(TestImages.png(width: 20, height: 20)),
            ]).requireResult()
            let fileId = try requireValue(photo["photo"]?.arrayValue?.last?["file_id"], "file_id")
            let foreign = try await sandbox.call("getFile", ["file_id": fileId], token: other.token)
            #expect(foreign.description == "Bad Request: invalid file_id")
            let download = try await sandbox.get("/file/bot\(other.token)/photos/file_1.png")
            #expect(download.status == 404)
        }
    }

    @Test func theBotDownloadsPhotosUsersSend() async throws {
        try await withSandbox { sandbox in
            let png = TestImages.png(width: 800, height: 600)
            let injected = try await sandbox.control(.post, "photos", [
                "user": Sandbox.aigerim, "caption": "Фото кухни",
                "photos": [["data_base64": .string(png.base64EncodedString())]],
            ]).requireResult()
            #expect(injected["messages"]?[0]?["caption"] == "Фото кухни")
            let update = try requireValue(try await sandbox.drainUpdates().first, "update")
            let fileId = try requireValue(update["message"]?["photo"]?.arrayValue?.last?["file_id"], "file_id")
            let file = try await sandbox.call("getFile", ["file_id": fileId]).requireResult()
            let path = try requireValue(file["file_path"]?.stringValue, "file_path")
            #expect(try await sandbox.get("/file/bot\(sandbox.token)/\(path)").body == png)
        }
    }
}

@Suite struct MediaGroupTests {
    private func photo(_ name: String, _ side: Int) -> MultipartPart {
        .file(name: name, filename: "\(name).png", contentType: "image/png", data: TestImages.png(width: side, height: side))
    }

    @Test func sendsAnAlbumOfAttachedPhotos() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let media: JSONValue = [
                ["type": "photo", "media": "attach://p1", "caption": "<i>Гостиная</i>", "parse_mode": "HTML"],
                ["type": "photo", "media": "attach://p2"],
                ["type": "photo", "media": "attach://p3", "caption": "Спальня"],
            ]
            let messages = try await sandbox.callMultipart("sendMediaGroup", [
                .field(name: "chat_id", value: "1001"), .field(name: "media", value: media.jsonText),
                photo("p1", 40), photo("p2", 50), photo("p3", 60),
            ]).requireResult().arrayValue ?? []
            #expect(messages.count == 3)
            let groupId = try requireValue(messages.first?["media_group_id"]?.stringValue, "media_group_id")
            #expect(messages.allSatisfy { $0["media_group_id"]?.stringValue == groupId })
            #expect(messages.map { $0["photo"]?.arrayValue?.last?["width"]?.intValue } == [40, 50, 60])
            #expect(messages.map { $0["caption"]?.stringValue } == ["Гостиная", nil, "Спальня"])
            #expect(messages[0]["caption_entities"]?[0]?["type"] == "italic")

            // The same photos again by file_id, as the gateway does from its cache.
            let reused: JSONValue = .array(messages.map {
                ["type": "photo", "media": $0["photo"]?.arrayValue?.last?["file_id"] ?? ""]
            })
            let again = try await sandbox.call("sendMediaGroup", ["chat_id": 1001, "media": reused]).requireResult()
            #expect(again.arrayValue?.count == 3)
        }
    }

    @Test func enforcesTwoToTenItems() async throws {
        try await withSandbox { sandbox in
            try await sandbox.userSays("/start")
            let one = try await sandbox.callMultipart("sendMediaGroup", [
                .field(name: "chat_id", value: "1001"),
                .field(name: "media", value: #"[{"type":"photo","media":"attach://p1"}]"#), photo("p1", 10),
            ])
            #expect(one.status == 400)
            #expect(one.description == "Bad Request: media group must include 2-10 items")

            let items = (1...11).map { index -> JSONValue in ["type": "photo", "media": .string("attach://p\(index)")] }
            let eleven = try await sandbox.callMultipart("sendMediaGroup", [
                .field(name: "chat_id", value: "1001"), .field(name: "media", value: JSONValue.array(items).jsonText),
            ] + (1...11).map { photo("p\($0)", 10) })
            #expect(eleven.description == "Bad Request: too many messages to send as an album")

            let empty = try await sandbox.call("sendMediaGroup", ["chat_id": 1001, "media": []])
            #expect(empty.description == "Bad Request: there are no messages to send")
            let missingPart = try await sandbox.callMultipart("sendMediaGroup", [
                .field(name: "chat_id", value: "1001"),
                .field(name: "media", value: #"[{"type":"photo","media":"attach://p1"},{"type":"photo","media":"attach://nope"}]"#),
                photo("p1", 10),
            ])
            #expect(missingPart.description == "Bad Request: can't parse InputMedia: media not found")
            let noMedia = try await sandbox.call("sendMediaGroup", ["chat_id": 1001])
            #expect(noMedia.description == "Bad Request: parameter \"media\" is required")
            let view = try await sandbox.control(.get, "chats/1001/messages?from=bot").requireResult()
            #expect(view == [])  // nothing of a refused album was sent
        }
    }
}
