/// A Bot API failure exactly as Telegram reports it: the HTTP status equals `errorCode`, the description carries
/// Telegram's own text ("Bad Request: chat not found"), and a 429 carries `parameters.retry_after`.
public struct BotAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    public let errorCode: Int
    public let description: String
    public let retryAfter: Int?

    public init(errorCode: Int, description: String, retryAfter: Int? = nil) {
        self.errorCode = errorCode
        self.description = description
        self.retryAfter = retryAfter
    }

    /// 400 "Bad Request: <detail>".
    public static func badRequest(_ detail: String) -> BotAPIError {
        BotAPIError(errorCode: 400, description: "Bad Request: " + detail)
    }

    public static let unauthorized = BotAPIError(errorCode: 401, description: "Unauthorized")
    public static let notFound = BotAPIError(errorCode: 404, description: "Not Found")
    public static let chatNotFound = badRequest("chat not found")
    public static let chatIdEmpty = badRequest("chat_id is empty")
    public static let blockedByUser = BotAPIError(errorCode: 403, description: "Forbidden: bot was blocked by the user")
    public static let messageTextEmpty = badRequest("message text is empty")
    public static let messageTooLong = badRequest("message is too long")
    public static let captionTooLong = badRequest("message caption is too long")
    public static let messageToEditNotFound = badRequest("message to edit not found")
    public static let messageToDeleteNotFound = badRequest("message to delete not found")
    public static let messageCantBeEdited = badRequest("message can't be edited")
    public static let messageIdentifierNotSpecified = badRequest("message identifier is not specified")
    public static let messageNotModified = badRequest(
        "message is not modified: specified new message content and reply markup are exactly the same as a "
            + "current content and reply markup of the message")
    public static let queryTooOld = badRequest("query is too old and response timeout expired or query ID is invalid")
    public static let buttonDataInvalid = badRequest("BUTTON_DATA_INVALID")
    public static let wrongFileIdentifier = badRequest("wrong file identifier/HTTP URL specified")
    public static let imageProcessFailed = badRequest("IMAGE_PROCESS_FAILED")
    public static let webhookActive = BotAPIError(
        errorCode: 409,
        description: "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
    public static let terminatedByOtherGetUpdates = BotAPIError(
        errorCode: 409,
        description: "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running")

    public static func tooManyRequests(retryAfter seconds: Int) -> BotAPIError {
        BotAPIError(errorCode: 429, description: "Too Many Requests: retry after \(seconds)", retryAfter: seconds)
    }

    /// "Bad Request: can't parse entities: <parser message>".
    public static func cantParseEntities(_ detail: String) -> BotAPIError {
        badRequest("can't parse entities: " + detail)
    }
}
