import Foundation
import Hummingbird

/// Serves `{base}/bot<token>/<method>`: checks the token, reads the parameters, dispatches by method name
/// (case-insensitive, as Telegram) and answers with Telegram's envelope and status codes.
struct BotAPIHandler: Sendable {
    let state: SandboxState
    let configuration: SandboxConfiguration

    /// The largest request body read (Telegram's cloud limit for uploads).
    static let maximumBodyBytes = 50 * 1024 * 1024
    static let maximumPhotoBytes = 10 * 1024 * 1024

    /// Methods that put a new message into a chat: they wait while the chat is held.
    static let sendMethods: Set<String> = ["sendmessage", "sendphoto", "senddocument", "sendmediagroup"]

    static let chatActions: Set<String> = [
        "typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice", "upload_document",
        "choose_sticker", "find_location", "record_video_note", "upload_video_note",
    ]

    func handle(method: String, account: BotAccount, parameters: BotAPIParameters) async -> Response {
        await state.countCall(method)
        let method = method.lowercased()
        if Self.sendMethods.contains(method) { await state.waitWhileHeld(chatText: parameters["chat_id"]) }
        do throws(BotAPIError) {
            return try await dispatch(method: method, account: account, parameters)
        } catch {
            await state.countError(error)
            return SandboxResponses.botAPI(error: error)
        }
    }

    private func dispatch(method: String, account: BotAccount, _ parameters: BotAPIParameters) async throws(BotAPIError)
        -> Response
    {
        switch method {
        case "getme": return getMe(account)
        case "getupdates": return try await getUpdates(account, parameters)
        case "setwebhook": return try await setWebhook(account, parameters)
        case "deletewebhook":
            let description = try await state.deleteWebhook(botId: account.id,
                                                            dropPendingUpdates: parameters.bool("drop_pending_updates"))
            return SandboxResponses.botAPI(true, description: description)
        case "getwebhookinfo": return SandboxResponses.botAPI(try await state.webhookInfo(botId: account.id))
        case "sendmessage": return try await sendMessage(account, parameters)
        case "sendphoto": return try await sendPhoto(account, parameters)
        case "senddocument": return try await sendDocument(account, parameters)
        case "sendmediagroup": return try await sendMediaGroup(account, parameters)
        case "editmessagetext": return try await editMessageText(account, parameters)
        case "editmessagecaption": return try await editMessageCaption(account, parameters)
        case "editmessagereplymarkup": return try await editMessageReplyMarkup(account, parameters)
        case "deletemessage":
            try await state.deleteMessage(botId: account.id, chatText: parameters["chat_id"],
                                          messageId: parameters.int("message_id"))
            return SandboxResponses.botAPI(true)
        case "answercallbackquery": return try await answerCallbackQuery(account, parameters)
        case "sendchataction": return try await sendChatAction(account, parameters)
        case "getfile":
            return SandboxResponses.botAPI(try await state.getFile(botId: account.id, fileId: parameters["file_id"]))
        case "setmycommands", "deletemycommands", "setchatmenubutton", "setmydescription",
             "setmyshortdescription", "setmyname":
            // Accepted and ignored: they only change how Telegram's apps present the bot.
            return SandboxResponses.botAPI(true)
        case "getmycommands":
            return SandboxResponses.botAPI([JSONValue]())
        case "logout", "close":
            return SandboxResponses.botAPI(true)
        default:
            throw .notFound
        }
    }

    // MARK: Bot and updates

    private func getMe(_ account: BotAccount) -> Response {
        var user = account.user
        user.canJoinGroups = true
        user.canReadAllGroupMessages = false
        user.supportsInlineQueries = false
        user.canConnectToBusiness = false
        user.hasMainWebApp = false
        return SandboxResponses.botAPI(user)
    }

    private func getUpdates(_ account: BotAccount, _ parameters: BotAPIParameters) async throws(BotAPIError)
        -> Response
    {
        let limit = min(100, max(1, parameters.int("limit") ?? 100))
        let timeout = min(configuration.maxLongPollSeconds, max(0, parameters.int("timeout") ?? 0))
        let allowed = parameters["allowed_updates"].flatMap(JSONValue.parse)?.arrayValue?.compactMap(\.stringValue)
        let generation = try await state.beginGetUpdates(botId: account.id, offset: parameters.int("offset"),
                                                         allowedUpdates: allowed)
        let deadline = ContinuousClock.now + .seconds(timeout)
        await state.longPollStarted(botId: account.id)
        let outcome: Result<[BotAPI.Update], BotAPIError>
        do throws(BotAPIError) {
            while true {
                let seen = state.updatesSignal.currentVersion
                let updates = try await state.fetchUpdates(botId: account.id, generation: generation, limit: limit)
                if !updates.isEmpty || ContinuousClock.now >= deadline || state.isShuttingDown || Task.isCancelled {
                    outcome = .success(updates)
                    break
                }
                await state.updatesSignal.wait(after: seen, until: deadline)
            }
        } catch {
            outcome = .failure(error)
        }
        await state.longPollEnded(botId: account.id)
        return SandboxResponses.botAPI(try outcome.get())
    }

    private func setWebhook(_ account: BotAccount, _ parameters: BotAPIParameters) async throws(BotAPIError)
        -> Response
    {
        let drop = parameters.bool("drop_pending_updates")
        guard let url = parameters["url"] else {
            let description = try await state.deleteWebhook(botId: account.id, dropPendingUpdates: drop)
            return SandboxResponses.botAPI(true, description: description)
        }
        let allowed = parameters["allowed_updates"].flatMap(JSONValue.parse)?.arrayValue?.compactMap(\.stringValue)
        let description = try await state.setWebhook(botId: account.id, url: url,
                                                     secretToken: parameters["secret_token"],
                                                     maxConnections: parameters.int("max_connections"),
                                                     allowedUpdates: allowed, dropPendingUpdates: drop)
        return SandboxResponses.botAPI(true, description: description)
    }

    // MARK: Sending

    private func sendMessage(_ account: BotAccount, _ parameters: BotAPIParameters) async throws(BotAPIError)
        -> Response
    {
        guard let text = try TextInput.formatted(parameters["text"], parseMode: parameters["parse_mode"],
                                                 entities: parameters["entities"]),
              !text.text.isEmpty
        else { throw .messageTextEmpty }
        guard text.length <= 4096 else { throw .messageTooLong }
        let markup = try parameters["reply_markup"].flatMap { text throws(BotAPIError) in try ReplyMarkup.parse(text) }
        let (replyTo, allowWithoutReply) = replyParameters(parameters)
        let messages = try await state.send(botId: account.id, chatText: parameters["chat_id"],
                                            drafts: [OutgoingDraft(text: text, replyMarkup: markup)],
                                            replyTo: replyTo, allowSendingWithoutReply: allowWithoutReply)
        return SandboxResponses.botAPI(messages[0])
    }

    private func sendPhoto(_ account: BotAccount, _ parameters: BotAPIParameters) async throws(BotAPIError)
        -> Response
    {
        let caption = try captionText(parameters["caption"], parseMode: parameters["parse_mode"],
                                      entities: parameters["caption_entities"])
        let markup = try parameters["reply_markup"].flatMap { text throws(BotAPIError) in try ReplyMarkup.parse(text) }
        let media = try photoInput(parameters["photo"], part: parameters.files["photo"], files: parameters.files,
                                   missing: .badRequest("there is no photo in the request"))
        let (replyTo, allowWithoutReply) = replyParameters(parameters)
        let messages = try await state.send(botId: account.id, chatText: parameters["chat_id"],
                                            drafts: [OutgoingDraft(caption: caption, media: media, replyMarkup: markup)],
                                            replyTo: replyTo, allowSendingWithoutReply: allowWithoutReply)
        return SandboxResponses.botAPI(messages[0])
    }

    private func sendDocument(_ account: BotAccount, _ parameters: BotAPIParameters) async throws(BotAPIError)
        -> Response
    {
        let caption = try captionText(parameters["caption"], parseMode: parameters["parse_mode"],
                                      entities: parameters["caption_entities"])
        let markup = try parameters["reply_markup"].flatMap { text throws(BotAPIError) in try ReplyMarkup.parse(text) }
        let media = try documentInput(parameters["document"], part: parameters.files["document"],
                                      files: parameters.files,
                                      missing: .badRequest("there is no document in the request"))
        let (replyTo, allowWithoutReply) = replyParameters(parameters)
        let messages = try await state.send(botId: account.id, chatText: parameters["chat_id"],
                                            drafts: [OutgoingDraft(caption: caption, media: media, replyMarkup: markup)],
                                            replyTo: replyTo, allowSendingWithoutReply: allowWithoutReply)
        return SandboxResponses.botAPI(messages[0])
    }

    private func sendMediaGroup(_ account: BotAccount, _ parameters: BotAPIParameters) async throws(BotAPIError)
        -> Response
    {
        guard let mediaText = parameters["media"] else { throw .badRequest("parameter \"media\" is required") }
        guard let media = JSONValue.parse(mediaText) else { throw .badRequest("can't parse media JSON object") }
        guard let items = media.arrayValue else { throw .badRequest("expected an Array of InputMedia") }
        if items.isEmpty { throw .badRequest("there are no messages to send") }
        if items.count > 10 { throw .badRequest("too many messages to send as an album") }
        // Telegram sends a single item as an ordinary message; the Bot API documents 2-10 items, and the sandbox
        // holds bots to that so a one-photo "album" is caught in tests.
        if items.count < 2 { throw .badRequest("media group must include 2-10 items") }

        var drafts: [OutgoingDraft] = []
        var types: Set<String> = []
        for item in items {
            guard let fields = item.objectValue else { throw .badRequest("can't parse InputMedia: expected an Object") }
            guard let type = fields["type"]?.stringValue else {
                throw .badRequest("can't parse InputMedia: Can't find field \"type\"")
            }
            let reference = fields["media"]?.stringValue ?? ""
            let part = reference.hasPrefix("attach://") ? parameters.files[String(reference.dropFirst(9))] : nil
            if reference.hasPrefix("attach://") && part == nil {
                throw .badRequest("can't parse InputMedia: media not found")
            }
            let notFound = BotAPIError.badRequest("can't parse InputMedia: media not found")
            let input: MediaInput
            switch type {
            case "photo": input = try photoInput(part == nil ? reference : nil, part: part, files: [:], missing: notFound)
            case "document":
                input = try documentInput(part == nil ? reference : nil, part: part, files: [:], missing: notFound)
            case "video", "audio":
                throw .badRequest("InputMedia of type \"\(type)\" is not supported by the sandbox")
            default:
                throw .badRequest("can't parse InputMedia: type \"\(type)\" is unsupported")
            }
            types.insert(type)
            let caption = try captionText(fields["caption"]?.stringValue, parseMode: fields["parse_mode"]?.stringValue,
                                          entities: fields["caption_entities"].map(\.jsonText))
            drafts.append(OutgoingDraft(caption: caption, media: input))
        }
        if types.contains("document") && types.count > 1 {
            throw .badRequest("document can't be mixed with other media types")
        }
        let (replyTo, allowWithoutReply) = replyParameters(parameters)
        let messages = try await state.send(botId: account.id, chatText: parameters["chat_id"], drafts: drafts,
                                            replyTo: replyTo, allowSendingWithoutReply: allowWithoutReply)
        return SandboxResponses.botAPI(messages)
    }

    // MARK: Editing and the rest

    private func editMessageText(_ account: BotAccount, _ parameters: BotAPIParameters) async throws(BotAPIError)
        -> Response
    {
        if parameters.has("inline_message_id") { throw .badRequest("MESSAGE_ID_INVALID") }
        guard let messageId = parameters.int("message_id") else { throw .messageIdentifierNotSpecified }
        guard let text = try TextInput.formatted(parameters["text"], parseMode: parameters["parse_mode"],
                                                 entities: parameters["entities"]),
              !text.text.isEmpty
        else { throw .messageTextEmpty }
        guard text.length <= 4096 else { throw .badRequest("MESSAGE_TOO_LONG") }
        let markup = try inlineMarkup(parameters)
        let message = try await state.edit(botId: account.id, chatText: parameters["chat_id"], messageId: messageId,
                                           change: .text(text, markup))
        return SandboxResponses.botAPI(message)
    }

    private func editMessageCaption(_ account: BotAccount, _ parameters: BotAPIParameters) async throws(BotAPIError)
        -> Response
    {
        if parameters.has("inline_message_id") { throw .badRequest("MESSAGE_ID_INVALID") }
        guard let messageId = parameters.int("message_id") else { throw .messageIdentifierNotSpecified }
        let caption = try captionText(parameters["caption"], parseMode: parameters["parse_mode"],
                                      entities: parameters["caption_entities"])
        let markup = try inlineMarkup(parameters)
        let message = try await state.edit(botId: account.id, chatText: parameters["chat_id"], messageId: messageId,
                                           change: .caption(caption, markup))
        return SandboxResponses.botAPI(message)
    }

    private func editMessageReplyMarkup(_ account: BotAccount, _ parameters: BotAPIParameters) async
        throws(BotAPIError) -> Response
    {
        if parameters.has("inline_message_id") { throw .badRequest("MESSAGE_ID_INVALID") }
        guard let messageId = parameters.int("message_id") else { throw .messageIdentifierNotSpecified }
        let markup = try inlineMarkup(parameters)
        let message = try await state.edit(botId: account.id, chatText: parameters["chat_id"], messageId: messageId,
                                           change: .replyMarkup(markup))
        return SandboxResponses.botAPI(message)
    }

    private func answerCallbackQuery(_ account: BotAccount, _ parameters: BotAPIParameters) async throws(BotAPIError)
        -> Response
    {
        let text = parameters["text"]
        if let text, text.utf16.count > 200 { throw .badRequest("MESSAGE_TOO_LONG") }
        try await state.answerCallbackQuery(botId: account.id, queryId: parameters["callback_query_id"], text: text,
                                            showAlert: parameters.bool("show_alert"), url: parameters["url"],
                                            cacheTime: parameters.int("cache_time"))
        return SandboxResponses.botAPI(true)
    }

    private func sendChatAction(_ account: BotAccount, _ parameters: BotAPIParameters) async throws(BotAPIError)
        -> Response
    {
        guard let action = parameters["action"]?.lowercased(), Self.chatActions.contains(action) else {
            throw .badRequest("wrong parameter action in request")
        }
        try await state.sendChatAction(botId: account.id, chatText: parameters["chat_id"], action: action)
        return SandboxResponses.botAPI(true)
    }

    // MARK: Parameter helpers

    private func captionText(_ caption: String?, parseMode: String?, entities: String?) throws(BotAPIError)
        -> FormattedText?
    {
        guard let caption = try TextInput.formatted(caption, parseMode: parseMode, entities: entities),
              !caption.text.isEmpty
        else { return nil }
        guard caption.length <= 1024 else { throw .captionTooLong }
        return caption
    }

    /// An edit's reply_markup: absent removes the keyboard; only inline keyboards are allowed.
    private func inlineMarkup(_ parameters: BotAPIParameters) throws(BotAPIError) -> ReplyMarkup? {
        guard let text = parameters["reply_markup"], let markup = try ReplyMarkup.parse(text) else { return nil }
        guard markup.kind == .inlineKeyboard else { throw .badRequest("inline keyboard expected") }
        return markup
    }

    /// `reply_to_message_id` (legacy) or `reply_parameters` {message_id, allow_sending_without_reply}.
    private func replyParameters(_ parameters: BotAPIParameters) -> (Int?, Bool) {
        if let text = parameters["reply_parameters"], let value = JSONValue.parse(text),
           let messageId = value["message_id"]?.int64Value
        {
            return (Int(messageId), value["allow_sending_without_reply"]?.boolValue ?? false)
        }
        return (parameters.int("reply_to_message_id"), parameters.bool("allow_sending_without_reply"))
    }

    private func photoInput(_ reference: String?, part: FormDataPart?, files: [String: FormDataPart],
                            missing: BotAPIError) throws(BotAPIError) -> MediaInput
    {
        var upload = part
        if upload == nil, let reference, reference.hasPrefix("attach://") {
            guard let attached = files[String(reference.dropFirst(9))] else { throw missing }
            upload = attached
        }
        if let upload {
            guard !upload.data.isEmpty else { throw .badRequest("file must be non-empty") }
            guard upload.data.count <= Self.maximumPhotoBytes else {
                throw .badRequest("file of size \(upload.data.count) bytes is too big for a photo; the maximum size "
                    + "is \(Self.maximumPhotoBytes) bytes")
            }
            guard let image = ImageInfo(upload.data) else { throw .imageProcessFailed }
            let ratio = Double(max(image.width, image.height)) / Double(min(image.width, image.height))
            guard image.width + image.height <= 10_000, ratio <= 20 else {
                throw .badRequest("PHOTO_INVALID_DIMENSIONS")
            }
            return .photoUpload(upload.data, image)
        }
        guard let reference, !reference.isEmpty else { throw missing }
        if Self.isURL(reference) { throw .badRequest("failed to get HTTP URL content") }
        return .photoFileId(reference)
    }

    private func documentInput(_ reference: String?, part: FormDataPart?, files: [String: FormDataPart],
                               missing: BotAPIError) throws(BotAPIError) -> MediaInput
    {
        var upload = part
        if upload == nil, let reference, reference.hasPrefix("attach://") {
            guard let attached = files[String(reference.dropFirst(9))] else { throw missing }
            upload = attached
        }
        if let upload {
            guard !upload.data.isEmpty else { throw .badRequest("file must be non-empty") }
            let fileName = upload.fileName.flatMap { name -> String? in
                let base = name.split(separator: "/").last.map(String.init) ?? name
                return base.isEmpty ? nil : base
            }
            return .documentUpload(upload.data, fileName: fileName,
                                   mimeType: MimeTypes.forFile(named: fileName, declared: upload.contentType))
        }
        guard let reference, !reference.isEmpty else { throw missing }
        if Self.isURL(reference) { throw .badRequest("failed to get HTTP URL content") }
        return .documentFileId(reference)
    }

    private static func isURL(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("http://") || lowered.hasPrefix("https://")
    }
}
