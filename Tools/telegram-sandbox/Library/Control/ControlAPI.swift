import Foundation
import Hummingbird

/// One request to the control API, already read.
struct ControlRequest: Sendable {
    enum Method: Sendable {
        case get, post, put, other
    }

    let method: Method
    /// The path after `/sandbox/`, split at `/` (percent-decoded).
    let components: [String]
    let query: [String: String]
    let contentType: String?
    let body: Data
}

/// The sandbox's own JSON API under `/sandbox/…` for tests and the chat page: play users (messages, contacts,
/// photos, button presses, blocking), read and wait for what the bots did, reset, counters, flood settings.
/// Every answer is `{"ok":true,"result":…}` or `{"ok":false,"error":"…"}` with a 4xx status.
/// See docs/telegram-sandbox.md for the reference.
struct ControlAPI: Sendable {
    let state: SandboxState

    /// Longest wait a control call accepts (seconds).
    static let maximumWaitSeconds = 120.0

    func handle(_ request: ControlRequest) async -> Response {
        do throws(ControlError) {
            return try await route(request)
        } catch {
            return SandboxResponses.control(error: error)
        }
    }

    private func route(_ request: ControlRequest) async throws(ControlError) -> Response {
        let path = request.components
        let botId = try Self.optionalInt64(request.query["bot_id"], name: "bot_id")
        switch (request.method, path.count, path.first ?? "") {
        case (.get, 1, "bots"):
            return SandboxResponses.control(await state.botViews())
        case (.post, 1, "messages"):
            let body = try decode(MessageRequest.self, request)
            return SandboxResponses.control(try await state.injectText(
                botId: body.botId ?? botId, user: body.user, group: body.chat, text: body.text, replyTo: body.replyToMessageId,
                viaKeyboard: body.viaKeyboard ?? false))
        case (.post, 1, "contacts"):
            let body = try decode(ContactRequest.self, request)
            return SandboxResponses.control(try await state.injectContact(
                botId: body.botId ?? botId, user: body.user, phoneNumber: body.phoneNumber))
        case (.post, 1, "photos"):
            return try await injectPhotos(request, botId: botId)
        case (.post, 1, "callbacks"):
            let body = try decode(PressRequest.self, request)
            guard let userId = body.userId ?? body.user?.id else { throw .badRequest("user_id is required") }
            return SandboxResponses.control(try await state.pressButton(
                botId: body.botId ?? botId, userId: userId, chatId: body.chatId, messageId: body.messageId,
                data: body.callbackData, forge: body.forge ?? false))
        case (.get, 1, "callbacks"):
            let chatId = try Self.optionalInt64(request.query["chat_id"], name: "chat_id")
            let answered = request.query["answered"].map { $0 == "true" || $0 == "1" }
            return SandboxResponses.control(try await state.callbackViews(botId: botId, chatId: chatId).filter {
                answered == nil || $0.answered == answered
            })
        case (.get, 2, "callbacks"):
            return try await callback(id: path[1], timeout: try Self.timeout(request.query, default: 0))
        case (.get, 1, "chats"):
            return SandboxResponses.control(try await state.chatSummaries(botId: botId))
        case (.get, 2, "chats"):
            return try await chat(botId: botId, chatId: try Self.int64(path[1], name: "chat_id"), request.query)
        case (.get, 3, "chats") where path[2] == "messages":
            let chatId = try Self.int64(path[1], name: "chat_id")
            return SandboxResponses.control(try await messages(botId: botId, chatId: chatId, request.query))
        case (.get, 3, "chats") where path[2] == "next":
            let chatId = try Self.int64(path[1], name: "chat_id")
            return try await nextBotMessage(botId: botId, chatId: chatId, request.query)
        case (.post, 3, "chats") where path[2] == "hold" || path[2] == "release":
            let chatId = try Self.int64(path[1], name: "chat_id")
            let held = path[2] == "hold"
            await state.setHeld(chatId: chatId, held: held)
            return SandboxResponses.control(["held": held])
        case (.post, 3, "users") where path[2] == "block" || path[2] == "unblock":
            let userId = try Self.int64(path[1], name: "user_id")
            let body = try decodeOptional(BotSelection.self, request)
            let blocked = path[2] == "block"
            try await state.setBlocked(botId: body?.botId ?? botId, userId: userId, blocked: blocked)
            return SandboxResponses.control(["blocked": blocked])
        case (.post, 1, "reset"):
            let body = try decodeOptional(BotSelection.self, request)
            try await state.reset(botId: body?.botId ?? botId)
            return SandboxResponses.control(true)
        case (.get, 1, "counters"):
            return SandboxResponses.control(await state.currentCounters())
        case (.get, 1, "flood"):
            return SandboxResponses.control(await state.floodSettings())
        case (.put, 1, "flood"), (.post, 1, "flood"):
            let change = try decode(FloodChange.self, request)
            var settings = await state.floodSettings()
            if let enabled = change.enabled { settings.enabled = enabled }
            if let rate = change.perChatRate { settings.perChatRate = rate }
            if let burst = change.perChatBurst { settings.perChatBurst = burst }
            if let rate = change.globalRate { settings.globalRate = rate }
            if let perMinute = change.groupPerMinute { settings.groupPerMinute = perMinute }
            try await state.setFloodSettings(settings)
            return SandboxResponses.control(settings)
        case (.get, 2, "files"):
            guard let file = await state.fileContent(fileId: path[1]) else {
                throw .notFound("file \(path[1]) not found")
            }
            return SandboxResponses.bytes(file.data, contentType: file.mimeType)
        case (.get, 1, "updates"):
            return SandboxResponses.control(try await state.pendingUpdates(botId: botId))
        case (.post, 2, "updates") where path[1] == "redeliver":
            let body = try decode(RedeliverRequest.self, request)
            return SandboxResponses.control(try await state.redeliver(botId: body.botId ?? botId, updateId: body.updateId))
        default:
            throw .notFound("no control endpoint \(Self.describe(request.method)) /sandbox/\(path.joined(separator: "/"))")
        }
    }

    // MARK: Endpoints with waits or uploads

    /// `GET /sandbox/chats/{chat_id}?since_revision=R&timeout=S`: the chat, once its revision exceeds R.
    private func chat(botId: Int64?, chatId: Int64, _ query: [String: String]) async throws(ControlError) -> Response {
        let bot = try await state.controlBot(botId)
        let since = try Self.optionalInt64(query["since_revision"], name: "since_revision").map(Int.init) ?? -1
        let deadline = ContinuousClock.now + .seconds(try Self.timeout(query, default: 0))
        while true {
            let seen = state.activitySignal.currentVersion
            let revision = await state.chatRevision(botId: bot.id, chatId: chatId)
            if let revision, revision > since {
                return SandboxResponses.control(try await state.chatView(botId: bot.id, chatId: chatId))
            }
            if ContinuousClock.now >= deadline || state.isShuttingDown || Task.isCancelled {
                if revision == nil { throw .notFound("chat \(chatId) not found") }
                return SandboxResponses.control(try await state.chatView(botId: bot.id, chatId: chatId))
            }
            await state.activitySignal.wait(after: seen, until: deadline)
        }
    }

    /// `GET /sandbox/chats/{chat_id}/messages?from=bot|user&after_message_id=N`.
    private func messages(botId: Int64?, chatId: Int64, _ query: [String: String]) async throws(ControlError)
        -> [ChatMessageView]
    {
        let after = try Self.optionalInt64(query["after_message_id"], name: "after_message_id") ?? 0
        let from = query["from"]
        guard from == nil || from == "bot" || from == "user" else { throw .badRequest("from must be bot or user") }
        return try await state.chatView(botId: botId, chatId: chatId).messages.filter {
            $0.messageId > after && (from == nil || $0.from == from)
        }
    }

    /// `GET /sandbox/chats/{chat_id}/next?after_message_id=N&timeout=S`: the bot's first message after N (default:
    /// after the user's latest message), waiting up to S seconds (default 10); 408 when none came.
    private func nextBotMessage(botId: Int64?, chatId: Int64, _ query: [String: String]) async throws(ControlError)
        -> Response
    {
        var after = try Self.optionalInt64(query["after_message_id"], name: "after_message_id").map(Int.init)
        let seconds = try Self.timeout(query, default: 10)
        let deadline = ContinuousClock.now + .seconds(seconds)
        while true {
            let seen = state.activitySignal.currentVersion
            let found = try await state.nextBotMessage(botId: botId, chatId: chatId, afterMessageId: after)
            after = found.after
            if let message = found.message { return SandboxResponses.control(message) }
            if ContinuousClock.now >= deadline || state.isShuttingDown || Task.isCancelled {
                throw ControlError(status: 408, "no message from the bot in chat \(chatId) after message "
                    + "\(found.after) within \(seconds) s")
            }
            await state.activitySignal.wait(after: seen, until: deadline)
        }
    }

    /// `GET /sandbox/callbacks/{id}?timeout=S`: the query, waiting up to S seconds for the bot's answer.
    private func callback(id: String, timeout: Double) async throws(ControlError) -> Response {
        let deadline = ContinuousClock.now + .seconds(timeout)
        while true {
            let seen = state.activitySignal.currentVersion
            guard let view = await state.callbackView(id: id) else { throw .notFound("callback query \(id) not found") }
            if view.answered || ContinuousClock.now >= deadline || state.isShuttingDown || Task.isCancelled {
                return SandboxResponses.control(view)
            }
            await state.activitySignal.wait(after: seen, until: deadline)
        }
    }

    /// `POST /sandbox/photos`: JSON `{"user":…, "caption":…, "photos":[{"data_base64":…}]}`, or multipart with
    /// a `user` field (JSON), optional `caption` and `bot_id` fields, and the image files in order.
    private func injectPhotos(_ request: ControlRequest, botId: Int64?) async throws(ControlError) -> Response {
        if let boundary = request.contentType.flatMap(MultipartFormData.boundary(fromContentType:)) {
            guard let parts = MultipartFormData.parse(request.body, boundary: boundary) else {
                throw .badRequest("malformed multipart/form-data body")
            }
            var fields: [String: String] = [:]
            var photos: [Data] = []
            for part in parts {
                if part.fileName != nil {
                    photos.append(part.data)
                } else {
                    fields[part.name] = String(decoding: part.data, as: UTF8.self)
                }
            }
            guard let userText = fields["user"], let userData = userText.data(using: .utf8),
                  let user = try? BotAPI.makeDecoder().decode(UserInput.self, from: userData)
            else {
                throw .badRequest("the multipart field \"user\" must be JSON like {\"id\":1001,\"first_name\":\"…\"}")
            }
            let partBot = try Self.optionalInt64(fields["bot_id"], name: "bot_id")
            return SandboxResponses.control(try await state.injectPhotos(
                botId: partBot ?? botId, user: user, photos: photos, caption: fields["caption"]))
        }
        let body = try decode(PhotosRequest.self, request)
        var photos: [Data] = []
        for (index, photo) in body.photos.enumerated() {
            guard let data = Data(base64Encoded: photo.dataBase64, options: .ignoreUnknownCharacters) else {
                throw .badRequest("photos[\(index)].data_base64 is not base64")
            }
            photos.append(data)
        }
        return SandboxResponses.control(try await state.injectPhotos(
            botId: body.botId ?? botId, user: body.user, photos: photos, caption: body.caption))
    }

    // MARK: Request bodies

    struct BotSelection: Decodable {
        var botId: Int64?
    }

    struct RedeliverRequest: Decodable {
        var botId: Int64?
        var updateId: Int
    }

    struct MessageRequest: Decodable {
        var botId: Int64?
        var user: UserInput
        /// A group to write in instead of the private chat.
        var chat: GroupInput?
        var text: String
        var replyToMessageId: Int?
        var viaKeyboard: Bool?
    }

    struct ContactRequest: Decodable {
        var botId: Int64?
        var user: UserInput
        var phoneNumber: String
    }

    struct PhotosRequest: Decodable {
        struct Photo: Decodable {
            var dataBase64: String
        }

        var botId: Int64?
        var user: UserInput
        var caption: String?
        var photos: [Photo]
    }

    struct PressRequest: Decodable {
        var botId: Int64?
        var userId: Int64?
        var user: UserInput?
        var chatId: Int64?
        var messageId: Int
        var callbackData: String
        var forge: Bool?
    }

    struct FloodChange: Decodable {
        var enabled: Bool?
        var perChatRate: Double?
        var perChatBurst: Int?
        var globalRate: Double?
        var groupPerMinute: Int?
    }

    private func decode<T: Decodable>(_ type: T.Type, _ request: ControlRequest) throws(ControlError) -> T {
        guard !request.body.isEmpty else { throw .badRequest("a JSON body is required") }
        do {
            return try BotAPI.makeDecoder().decode(type, from: request.body)
        } catch let error as DecodingError {
            throw .badRequest("invalid JSON body: " + Self.describe(error))
        } catch {
            throw .badRequest("invalid JSON body")
        }
    }

    private func decodeOptional<T: Decodable>(_ type: T.Type, _ request: ControlRequest) throws(ControlError) -> T? {
        if request.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return nil }
        return try decode(type, request)
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ codingPath: [any CodingKey]) -> String {
            codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
                .replacingOccurrences(of: ".[", with: "[")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let prefix = context.codingPath.isEmpty ? "" : path(context.codingPath) + "."
            return "missing field \"\(prefix)\(snakeCase(key.stringValue))\""
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "field \"\(snakeCase(path(context.codingPath)))\" has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "field \"\(path(context.codingPath))\" is invalid"
        @unknown default:
            return "invalid"
        }
    }

    private static func snakeCase(_ text: String) -> String {
        var result = ""
        for character in text {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    // MARK: Query helpers

    static func int64(_ text: String, name: String) throws(ControlError) -> Int64 {
        guard let value = Int64(text) else { throw .badRequest("\(name) must be an integer") }
        return value
    }

    static func optionalInt64(_ text: String?, name: String) throws(ControlError) -> Int64? {
        guard let text, !text.isEmpty else { return nil }
        return try int64(text, name: name)
    }

    /// `timeout` in seconds (fractions allowed), at most `maximumWaitSeconds`.
    static func timeout(_ query: [String: String], default defaultValue: Double) throws(ControlError) -> Double {
        guard let text = query["timeout"], !text.isEmpty else { return defaultValue }
        guard let value = Double(text), value >= 0 else { throw .badRequest("timeout must be a number of seconds") }
        return min(value, maximumWaitSeconds)
    }

    private static func describe(_ method: ControlRequest.Method) -> String {
        switch method {
        case .get: "GET"
        case .post: "POST"
        case .put: "PUT"
        case .other: "this method on"
        }
    }
}
