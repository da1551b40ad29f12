import Foundation

/// A file a sending method names: a fresh upload or a file_id the bot got earlier.
enum MediaInput: Sendable {
    case photoUpload(Data, ImageInfo)
    case photoFileId(String)
    case documentUpload(Data, fileName: String?, mimeType: String)
    case documentFileId(String)
}

/// One message a sending method asks for, already validated (text parsed, limits checked, markup parsed).
struct OutgoingDraft: Sendable {
    var text: FormattedText?
    var caption: FormattedText?
    var media: MediaInput?
    var replyMarkup: ReplyMarkup?
}

/// What an edit method changes.
enum EditChange: Sendable {
    case text(FormattedText, ReplyMarkup?)
    case caption(FormattedText?, ReplyMarkup?)
    case replyMarkup(ReplyMarkup?)
}

extension SandboxState {
    /// sendMessage, sendPhoto, sendDocument (one draft) and sendMediaGroup (2–10 drafts, one album).
    /// Checks in Telegram's order: files, chat, reply target, flood limits; then stores and returns the messages.
    func send(botId: Int64, chatText: String?, drafts: [OutgoingDraft], replyTo: Int?,
              allowSendingWithoutReply: Bool) throws(BotAPIError) -> [BotAPI.Message]
    {
        guard let account = account(botId) else { throw .unauthorized }
        // Files named by file_id must exist, belong to this bot and be of the right kind.
        var reusedPhotos: [Int: [BotAPI.PhotoSize]] = [:]
        var reusedDocuments: [Int: BotAPI.Document] = [:]
        for (index, draft) in drafts.enumerated() {
            switch draft.media {
            case .photoFileId(let fileId):
                guard let file = files.file(fileId), file.botId == botId else { throw .wrongFileIdentifier }
                guard let sizes = files.photoSizes(forFileId: fileId) else {
                    throw .badRequest("can't use file of type Document as Photo")
                }
                reusedPhotos[index] = sizes
            case .documentFileId(let fileId):
                guard let file = files.file(fileId), file.botId == botId else { throw .wrongFileIdentifier }
                guard let document = files.document(forFileId: fileId) else {
                    throw .badRequest("can't use file of type Photo as Document")
                }
                reusedDocuments[index] = document
            case .photoUpload, .documentUpload, nil:
                break
            }
        }

        var chat = try writableChat(botId: botId, chatText: chatText)
        var replyId: Int?
        if let replyTo {
            if let original = chat.message(replyTo), !original.deleted {
                replyId = replyTo
            } else if !allowSendingWithoutReply {
                throw .badRequest("message to be replied not found")
            }
        }
        if let wait = flood.admit(bot: botId, chat: chat.chatId, charge: .send(items: drafts.count)) {
            throw .tooManyRequests(retryAfter: wait)
        }

        let now = Self.unixTime()
        let mediaGroupId = drafts.count > 1 ? String(UInt64.random(in: 10_000_000_000_000_000...99_999_999_999_999_999)) : nil
        var sent: [StoredMessage] = []
        detach(chat.chatId, botId: botId)
        for (index, draft) in drafts.enumerated() {
            var message = StoredMessage(messageId: chat.allocateMessageId(), sender: .bot, date: now)
            message.text = draft.text
            message.caption = draft.caption
            message.replyMarkup = draft.replyMarkup
            message.replyToMessageId = replyId
            message.mediaGroupId = mediaGroupId
            switch draft.media {
            case .photoUpload(let data, let image):
                message.photo = files.storePhoto(botId: botId, data: data, image: image)
            case .photoFileId:
                message.photo = reusedPhotos[index]
            case .documentUpload(let data, let fileName, let mimeType):
                message.document = files.storeDocument(botId: botId, data: data, fileName: fileName,
                                                       mimeType: mimeType)
            case .documentFileId:
                message.document = reusedDocuments[index]
            case nil:
                break
            }
            chat.append(message, historyLimit: configuration.historyPerChat)
            sent.append(message)
        }
        store(chat, botId: botId)
        counters.messagesSent += sent.count
        return sent.map { apiMessage($0, in: chat, bot: account) }
    }

    /// editMessageText, editMessageCaption, editMessageReplyMarkup.
    func edit(botId: Int64, chatText: String?, messageId: Int?, change: EditChange) throws(BotAPIError)
        -> BotAPI.Message
    {
        guard let account = account(botId) else { throw .unauthorized }
        guard let messageId else { throw .messageIdentifierNotSpecified }
        var chat = try writableChat(botId: botId, chatText: chatText)
        guard let original = chat.message(messageId), !original.deleted else { throw .messageToEditNotFound }
        guard original.sender == .bot else { throw .messageCantBeEdited }
        if let kind = original.replyMarkup?.kind, kind != .inlineKeyboard { throw .messageCantBeEdited }

        var edited = original
        switch change {
        case .text(let text, let markup):
            guard original.text != nil else { throw .badRequest("there is no text in the message to edit") }
            if original.text == text && original.replyMarkup == markup { throw .messageNotModified }
            edited.text = text
            edited.replyMarkup = markup
        case .caption(let caption, let markup):
            guard original.hasMedia else { throw .badRequest("there is no caption in the message to edit") }
            let oldCaption = original.caption.flatMap { $0.text.isEmpty ? nil : $0 }
            if oldCaption == caption && original.replyMarkup == markup { throw .messageNotModified }
            edited.caption = caption
            edited.replyMarkup = markup
        case .replyMarkup(let markup):
            if original.replyMarkup == markup { throw .messageNotModified }
            edited.replyMarkup = markup
        }
        if let wait = flood.admit(bot: botId, chat: chat.chatId, charge: .edit) {
            throw .tooManyRequests(retryAfter: wait)
        }
        edited.versions.append(original.currentVersion)
        edited.editDate = Self.unixTime()
        detach(chat.chatId, botId: botId)
        chat.update(messageId) { $0 = edited }
        store(chat, botId: botId)
        counters.messagesEdited += 1
        return apiMessage(edited, in: chat, bot: account)
    }

    /// deleteMessage: the bot's own messages and the user's messages in the private chat.
    func deleteMessage(botId: Int64, chatText: String?, messageId: Int?) throws(BotAPIError) {
        guard let messageId else { throw .messageIdentifierNotSpecified }
        let id = try chatId(from: chatText)
        guard var chat = bots[botId]?.chats[id] else { throw .chatNotFound }
        guard let message = chat.message(messageId), !message.deleted else { throw .messageToDeleteNotFound }
        chat.update(messageId) { $0.deleted = true }
        if message.sender == .bot, message.replyMarkup?.kind == .replyKeyboard, chat.replyKeyboard == message.replyMarkup {
            chat.replyKeyboard = nil
        }
        store(chat, botId: botId)
        counters.messagesDeleted += 1
    }

    /// sendChatAction: shown on the chat page for 5 seconds or until the bot's next message.
    func sendChatAction(botId: Int64, chatText: String?, action: String) throws(BotAPIError) {
        var chat = try writableChat(botId: botId, chatText: chatText)
        chat.chatAction = (action, Self.unixTime())
        chat.revision += 1
        store(chat, botId: botId)
    }

    /// answerCallbackQuery: each query once, within the answer window.
    func answerCallbackQuery(botId: Int64, queryId: String?, text: String?, showAlert: Bool, url: String?,
                             cacheTime: Int?) throws(BotAPIError)
    {
        guard let queryId, var record = bots[botId]?.callbacks[queryId] else { throw .queryTooOld }
        guard record.answer == nil,
              ContinuousClock.now - record.createdAt <= configuration.callbackAnswerWindow
        else { throw .queryTooOld }
        record.answer = CallbackRecord.Answer(text: text, showAlert: showAlert, url: url, cacheTime: cacheTime,
                                              date: Self.unixTime())
        bots[botId]?.callbacks[queryId] = record
        counters.callbackAnswers += 1
        activitySignal.notify()
    }

    /// getFile.
    func getFile(botId: Int64, fileId: String?) throws(BotAPIError) -> BotAPI.File {
        guard let fileId else { throw .badRequest("file_id not specified") }
        guard let file = files.getFile(botId: botId, fileId: fileId) else { throw .badRequest("invalid file_id") }
        return file
    }

    /// The bytes of `/file/bot<token>/<file_path>`.
    func download(botId: Int64, path: String) -> (data: Data, mimeType: String)? {
        files.download(botId: botId, path: path)
    }

    /// The bytes of any file_id (control API and chat page).
    func fileContent(fileId: String) -> (data: Data, mimeType: String, fileName: String?)? {
        files.content(fileId: fileId)
    }
}
