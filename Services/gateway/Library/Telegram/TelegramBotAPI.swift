import Foundation
import HTTPClient
import Logging

/// A Bot API client over our libcurl `HTTPClient`: `POST <base>/bot<token>/<method>` with JSON (or multipart when
/// uploading), Telegram's `{ok, result | error_code, description, parameters}` envelope decoded into a result or
/// a typed ``TelegramError``. A 429 is honoured: the call waits `retry_after` seconds and tries again (a few times).
///
/// The token is part of every URL; HTTPClient redacts `/bot<token>/` in what it logs and this type never logs URLs.
public struct TelegramBotAPI: Sendable {
    public let baseURL: String
    private let token: String
    private let http: HTTPClient
    private let logger: Logger
    /// How many 429s one call sits out before giving up.
    public var maxFloodRetries = 5

    public init(baseURL: String, token: String, http: HTTPClient, logger: Logger) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.token = token
        self.http = http
        self.logger = logger
    }

    /// The bot's numeric id: the part of the token before `:` (file_ids are valid per bot).
    public var botId: Int64? { token.split(separator: ":").first.flatMap { Int64($0) } }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    // MARK: Methods

    public func getMe() async throws -> TelegramUser {
        try await call("getMe", json: Empty())
    }

    /// Long poll: waits up to `timeout` seconds for updates after `offset` (which also confirms earlier ones).
    public func getUpdates(offset: Int64?, timeout: Int, limit: Int = 100) async throws -> [TelegramUpdate] {
        struct Parameters: Encodable {
            var offset: Int64?
            var timeout: Int
            var limit: Int
            var allowedUpdates = ["message", "callback_query"]
        }
        return try await call("getUpdates", json: Parameters(offset: offset, timeout: timeout, limit: limit),
                              timeout: .seconds(timeout + 15))
    }

    /// Webhook mode: Telegram POSTs every update to `url` with the header `X-Telegram-Bot-Api-Secret-Token:
    /// <secretToken>` (getUpdates is refused while a webhook is set).
    public func setWebhook(url: String, secretToken: String) async throws {
        struct Parameters: Encodable {
            var url: String
            var secretToken: String
            var allowedUpdates = ["message", "callback_query"]
        }
        let _: Bool = try await call("setWebhook", json: Parameters(url: url, secretToken: secretToken))
    }

    /// Back to getUpdates: removes the webhook (pending updates stay queued for getUpdates).
    public func deleteWebhook() async throws {
        let _: Bool = try await call("deleteWebhook", json: Empty())
    }

    @discardableResult
    public func sendMessage(chatId: Int64, text: String, markup: ReplyMarkup? = nil) async throws -> TelegramMessage {
        struct Parameters: Encodable {
            var chatId: Int64
            var text: String
            var parseMode = "HTML"
            var replyMarkup: ReplyMarkup?
        }
        return try await call("sendMessage", json: Parameters(chatId: chatId, text: text, replyMarkup: markup))
    }

    /// Replaces a message's text and inline keyboard; "message is not modified" counts as success.
    public func editMessageText(chatId: Int64, messageId: Int, text: String, markup: ReplyMarkup?) async throws {
        struct Parameters: Encodable {
            var chatId: Int64
            var messageId: Int
            var text: String
            var parseMode = "HTML"
            var replyMarkup: ReplyMarkup?
        }
        do {
            let _: TelegramMessage = try await call("editMessageText", json: Parameters(chatId: chatId, messageId: messageId,
                                                                                    text: text, replyMarkup: markup))
        } catch let error as TelegramError where error.isMessageNotModified {}
    }

    public func editMessageReplyMarkup(chatId: Int64, messageId: Int, markup: ReplyMarkup?) async throws {
        struct Parameters: Encodable {
            var chatId: Int64
            var messageId: Int
            var replyMarkup: ReplyMarkup?
        }
        do {
            let _: TelegramMessage = try await call("editMessageReplyMarkup",
                                                    json: Parameters(chatId: chatId, messageId: messageId,
                                                                     replyMarkup: markup))
        } catch let error as TelegramError where error.isMessageNotModified {}
    }

    public func answerCallbackQuery(id: String, text: String? = nil, showAlert: Bool = false) async throws {
        struct Parameters: Encodable {
            var callbackQueryId: String
            var text: String?
            var showAlert: Bool
        }
        let _: Bool = try await call("answerCallbackQuery",
                                     json: Parameters(callbackQueryId: id, text: text, showAlert: showAlert))
    }

    @discardableResult
    public func sendPhoto(chatId: Int64, photo: PhotoSource, caption: String? = nil) async throws -> TelegramMessage {
        switch photo {
        case .fileId(let fileId):
            struct Parameters: Encodable {
                var chatId: Int64
                var photo: String
                var caption: String?
            }
            return try await call("sendPhoto", json: Parameters(chatId: chatId, photo: fileId, caption: caption))
        case .upload(let data, let filename, let mimeType):
            var parts: [MultipartPart] = [.field(name: "chat_id", value: String(chatId)),
                                          .file(name: "photo", filename: filename, contentType: mimeType, data: data)]
            if let caption { parts.append(.field(name: "caption", value: caption)) }
            return try await call("sendPhoto", body: .multipart(parts))
        }
    }

    /// Sends 2–10 photos as an album; uploads go as `attach://photoN` parts of one multipart request.
    public func sendMediaGroup(chatId: Int64, photos: [PhotoSource]) async throws -> [TelegramMessage] {
        struct InputMedia: Encodable {
            var type = "photo"
            var media: String
        }
        var media: [InputMedia] = []
        var files: [MultipartPart] = []
        for (index, photo) in photos.enumerated() {
            switch photo {
            case .fileId(let fileId):
                media.append(InputMedia(media: fileId))
            case .upload(let data, let filename, let mimeType):
                let name = "photo\(index)"
                media.append(InputMedia(media: "attach://\(name)"))
                files.append(.file(name: name, filename: filename, contentType: mimeType, data: data))
            }
        }
        let mediaJSON = String(decoding: try Self.encoder.encode(media), as: UTF8.self)
        let parts: [MultipartPart] = [.field(name: "chat_id", value: String(chatId)),
                                      .field(name: "media", value: mediaJSON)] + files
        return try await call("sendMediaGroup", body: .multipart(parts))
    }

    /// The file's metadata and download path (valid for at least an hour).
    public func getFile(fileId: String) async throws -> TelegramFile {
        struct Parameters: Encodable { var fileId: String }
        return try await call("getFile", json: Parameters(fileId: fileId))
    }

    /// Downloads `<base>/file/bot<token>/<path>`, refusing bodies over `maxBytes` (a ``TelegramError`` of kind
    /// `.badRequest` then). The URL holds the token: it is never logged here, and HTTPClient redacts it.
    public func downloadFile(path: String, maxBytes: Int) async throws -> Data {
        let request = HTTPRequest(method: .get, url: "\(baseURL)/file/bot\(token)/\(path)", timeout: .seconds(60),
                                  maxResponseBytes: maxBytes)
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch let error as CancellationError {
            throw error
        } catch let error as HTTPClientError where error.kind == .responseTooLarge {
            throw TelegramError(method: "file", kind: .badRequest, detail: "file larger than \(maxBytes) bytes")
        } catch {
            throw TelegramError(method: "file", kind: .unavailable, detail: "\(error)")
        }
        guard response.status == 200 else {
            throw TelegramError(method: "file", kind: response.status >= 500 ? .unavailable : .badRequest,
                                detail: "HTTP \(response.status)")
        }
        return response.body
    }

    // MARK: Transport

    private struct Empty: Encodable {}

    private struct ResponseEnvelope<Result: Decodable>: Decodable {
        struct Parameters: Decodable { var retryAfter: Int? }
        var ok: Bool
        var result: Result?
        var errorCode: Int?
        var description: String?
        var parameters: Parameters?
    }

    private func call<Result: Decodable>(_ method: String, json: some Encodable,
                                         timeout: Duration? = nil) async throws -> Result
    {
        let body = HTTPBody.data(try Self.encoder.encode(json), contentType: "application/json")
        return try await call(method, body: body, timeout: timeout)
    }

    private func call<Result: Decodable>(_ method: String, body: HTTPBody, timeout: Duration? = nil) async throws -> Result {
        var attempt = 0
        while true {
            do {
                return try await callOnce(method, body: body, timeout: timeout)
            } catch let error as TelegramError {
                guard case .tooManyRequests(let retryAfter) = error.kind, attempt < maxFloodRetries else { throw error }
                attempt += 1
                logger.warning("telegram flood limit, waiting", metadata: [
                    "telegram.method": "\(method)", "retry_after": "\(retryAfter)",
                ])
                try await Task.sleep(for: .seconds(max(1, retryAfter)))
            }
        }
    }

    private func callOnce<Result: Decodable>(_ method: String, body: HTTPBody, timeout: Duration?) async throws -> Result {
        let request = HTTPRequest(method: .post, url: "\(baseURL)/bot\(token)/\(method)", body: body, timeout: timeout)
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch let error as CancellationError {
            throw error
        } catch {
            throw TelegramError(method: method, kind: .unavailable, detail: "\(error)")
        }
        guard let envelope = try? Self.decoder.decode(ResponseEnvelope<Result>.self, from: response.body) else {
            if response.status >= 500 {
                throw TelegramError(method: method, kind: .unavailable, detail: "HTTP \(response.status)")
            }
            throw TelegramError(method: method, kind: .malformedResponse, detail: "HTTP \(response.status)")
        }
        if envelope.ok, let result = envelope.result { return result }
        let description = envelope.description ?? "HTTP \(response.status)"
        let kind: TelegramError.Kind
        switch envelope.errorCode ?? response.status {
        case 429: kind = .tooManyRequests(retryAfter: envelope.parameters?.retryAfter ?? 1)
        case 403: kind = .forbidden
        case 400: kind = .badRequest
        case 401, 404: kind = .unauthorized
        case 409: kind = .conflict
        case 500...: kind = .unavailable
        default: kind = envelope.ok ? .malformedResponse : .badRequest
        }
        throw TelegramError(method: method, kind: kind, detail: description)
    }
}
