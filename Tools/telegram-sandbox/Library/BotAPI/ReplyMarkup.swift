/// A message's `reply_markup`, validated the way Telegram validates it and normalised to the fields Telegram
/// keeps (unknown fields are dropped, keyboard buttons given as plain strings become `{"text": …}`).
public struct ReplyMarkup: Sendable, Equatable {
    public enum Kind: String, Sendable, Codable {
        case inlineKeyboard = "inline_keyboard"
        case replyKeyboard = "keyboard"
        case removeKeyboard = "remove_keyboard"
        case forceReply = "force_reply"
    }

    public let kind: Kind
    /// The normalised markup object, as the control API and (for inline keyboards) Message.reply_markup show it.
    public let json: JSONValue

    /// The most buttons one keyboard may carry.
    static let maximumButtons = 100

    static let inlineActions: [String] = [
        "url", "callback_data", "web_app", "login_url", "switch_inline_query", "switch_inline_query_current_chat",
        "switch_inline_query_chosen_chat", "copy_text", "callback_game", "pay",
    ]
    static let keyboardButtonFields: [String] = [
        "request_contact", "request_location", "request_poll", "request_users", "request_chat", "web_app",
    ]

    /// Every `callback_data` of an inline keyboard, row by row.
    public var callbackData: [String] {
        guard kind == .inlineKeyboard, let rows = json["inline_keyboard"]?.arrayValue else { return [] }
        return rows.flatMap { $0.arrayValue ?? [] }.compactMap { $0["callback_data"]?.stringValue }
    }

    /// Parses a `reply_markup` parameter. Nil when the object names no known markup (Telegram ignores it) or is an
    /// empty inline keyboard (which removes a keyboard when editing).
    public static func parse(_ text: String) throws(BotAPIError) -> ReplyMarkup? {
        guard let value = JSONValue.parse(text) else {
            throw .badRequest("can't parse reply keyboard markup JSON object")
        }
        guard let object = value.objectValue else {
            throw .badRequest("object expected as reply markup")
        }
        if let keyboard = object["inline_keyboard"] {
            return try parseInlineKeyboard(keyboard)
        }
        if let keyboard = object["keyboard"] {
            return try parseReplyKeyboard(keyboard, options: object)
        }
        if object["remove_keyboard"]?.boolValue == true {
            var fields: [String: JSONValue] = ["remove_keyboard": .bool(true)]
            if let selective = object["selective"]?.boolValue { fields["selective"] = .bool(selective) }
            return ReplyMarkup(kind: .removeKeyboard, json: .object(fields))
        }
        if object["force_reply"]?.boolValue == true {
            var fields: [String: JSONValue] = ["force_reply": .bool(true)]
            if let placeholder = object["input_field_placeholder"]?.stringValue {
                fields["input_field_placeholder"] = .string(placeholder)
            }
            if let selective = object["selective"]?.boolValue { fields["selective"] = .bool(selective) }
            return ReplyMarkup(kind: .forceReply, json: .object(fields))
        }
        return nil
    }

    private static func parseInlineKeyboard(_ keyboard: JSONValue) throws(BotAPIError) -> ReplyMarkup? {
        let shapeError = BotAPIError.badRequest(
            "field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays")
        guard let rows = keyboard.arrayValue else { throw shapeError }
        var normalisedRows: [JSONValue] = []
        var buttonCount = 0
        for row in rows {
            guard let buttons = row.arrayValue else { throw shapeError }
            var normalisedButtons: [JSONValue] = []
            for button in buttons {
                normalisedButtons.append(try parseInlineButton(button))
            }
            buttonCount += normalisedButtons.count
            if !normalisedButtons.isEmpty { normalisedRows.append(.array(normalisedButtons)) }
        }
        if buttonCount > maximumButtons { throw .badRequest("reply markup is too long") }
        if normalisedRows.isEmpty { return nil }
        return ReplyMarkup(kind: .inlineKeyboard, json: .object(["inline_keyboard": .array(normalisedRows)]))
    }

    private static func parseInlineButton(_ button: JSONValue) throws(BotAPIError) -> JSONValue {
        guard let fields = button.objectValue else {
            throw .badRequest("can't parse inline keyboard button: expected an Object")
        }
        guard let text = fields["text"]?.stringValue else {
            throw .badRequest("can't parse inline keyboard button: Field \"text\" must be of type String")
        }
        var normalised: [String: JSONValue] = ["text": .string(text)]
        if let url = fields["url"] {
            guard let link = url.stringValue, let checked = HTMLEntityParser.checkedLink(link) else {
                throw .badRequest("inline keyboard button URL '\(url.parameterText ?? "")' is invalid: Wrong HTTP URL")
            }
            normalised["url"] = .string(checked)
        } else if let data = fields["callback_data"] {
            guard let text = data.stringValue else {
                throw .badRequest("can't parse inline keyboard button: Field \"callback_data\" must be of type String")
            }
            guard (1...64).contains(text.utf8.count) else { throw .buttonDataInvalid }
            normalised["callback_data"] = .string(text)
        } else if let action = inlineActions.first(where: { fields[$0] != nil }), let value = fields[action] {
            normalised[action] = value
        } else {
            throw .badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard")
        }
        return .object(normalised)
    }

    private static func parseReplyKeyboard(_ keyboard: JSONValue, options: [String: JSONValue]) throws(BotAPIError)
        -> ReplyMarkup
    {
        let shapeError = BotAPIError.badRequest(
            "field \"keyboard\" of the ReplyKeyboardMarkup should be an Array of Arrays")
        guard let rows = keyboard.arrayValue else { throw shapeError }
        var normalisedRows: [JSONValue] = []
        var buttonCount = 0
        for row in rows {
            guard let buttons = row.arrayValue else { throw shapeError }
            var normalisedButtons: [JSONValue] = []
            for button in buttons {
                if let text = button.stringValue {
                    normalisedButtons.append(.object(["text": .string(text)]))
                    continue
                }
                guard let fields = button.objectValue, let text = fields["text"]?.stringValue else {
                    throw .badRequest("can't parse keyboard button: Field \"text\" must be of type String")
                }
                var normalised: [String: JSONValue] = ["text": .string(text)]
                for field in keyboardButtonFields {
                    if let value = fields[field], value != .bool(false) { normalised[field] = value }
                }
                normalisedButtons.append(.object(normalised))
            }
            buttonCount += normalisedButtons.count
            if !normalisedButtons.isEmpty { normalisedRows.append(.array(normalisedButtons)) }
        }
        if buttonCount > maximumButtons { throw .badRequest("reply markup is too long") }
        var fields: [String: JSONValue] = ["keyboard": .array(normalisedRows)]
        for flag in ["resize_keyboard", "one_time_keyboard", "is_persistent", "selective"] {
            if options[flag]?.boolValue == true { fields[flag] = .bool(true) }
        }
        if let placeholder = options["input_field_placeholder"]?.stringValue {
            fields["input_field_placeholder"] = .string(placeholder)
        }
        return ReplyMarkup(kind: .replyKeyboard, json: .object(fields))
    }
}
