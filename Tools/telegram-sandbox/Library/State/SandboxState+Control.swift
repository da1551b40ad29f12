import Foundation

extension SandboxState {
    /// The bot a control call means: `botId` when given, otherwise the first configured bot.
    func controlBot(_ botId: Int64?) throws(ControlError) -> BotAccount {
        if let botId {
            guard let account = bots[botId]?.account else { throw .notFound("no bot with id \(botId)") }
            return account
        }
        guard let first = accounts.first else { throw .notFound("no bots are configured") }
        return first
    }

    /// The user's chat with the bot, created on first contact; profile fields given are applied. A user who had
    /// blocked the bot unblocks it by writing (as Telegram's clients do), which the bot sees as my_chat_member.
    private func openChat(botId: Int64, user input: UserInput) throws(ControlError) -> ChatState {
        guard input.id > 0 else { throw .badRequest("user.id must be a positive integer") }
        var chat = bots[botId]?.chats[input.id]
            ?? ChatState(user: SandboxUser(id: input.id, firstName: input.firstName ?? "User \(input.id)"))
        if let firstName = input.firstName, !firstName.isEmpty { chat.user.firstName = firstName }
        if let lastName = input.lastName { chat.user.lastName = lastName.isEmpty ? nil : lastName }
        if let username = input.username { chat.user.username = username.isEmpty ? nil : username }
        if let languageCode = input.languageCode { chat.user.languageCode = languageCode.isEmpty ? nil : languageCode }
        if chat.blocked {
            chat.blocked = false
            chat.revision += 1
            bots[botId]?.chats[chat.chatId] = chat
            enqueueMembershipChange(botId: botId, chat: chat, blocked: false)
        }
        return chat
    }

    /// A group or supergroup chat (negative id) with the bot in it, created on first use; `user` writes in it now.
    private func openGroupChat(botId: Int64, group input: GroupInput, user: UserInput) throws(ControlError)
        -> ChatState
    {
        guard input.id < 0 else { throw .badRequest("chat.id of a group must be negative") }
        guard ["group", "supergroup"].contains(input.type) else {
            throw .badRequest("chat.type must be group or supergroup")
        }
        guard user.id > 0 else { throw .badRequest("user.id must be a positive integer") }
        let sender = bots[botId]?.chats[user.id]?.user ?? SandboxUser(id: user.id, firstName: user.firstName ?? "User \(user.id)")
        var chat = bots[botId]?.chats[input.id]
            ?? ChatState(group: BotAPI.Chat(id: input.id, type: input.type, title: input.title ?? "Group \(-input.id)"),
                         user: sender)
        chat.user = sender
        return chat
    }

    private func enqueueMembershipChange(botId: Int64, chat: ChatState, blocked: Bool) {
        guard let account = account(botId) else { return }
        let now = Self.unixTime()
        let member = BotAPI.ChatMember(status: "member", user: account.user)
        let kicked = BotAPI.ChatMember(status: "kicked", user: account.user, untilDate: 0)
        enqueue(botId: botId) { id in
            BotAPI.Update(updateId: id, myChatMember: BotAPI.ChatMemberUpdated(
                chat: chat.user.privateChat, from: chat.user.apiUser, date: now,
                oldChatMember: blocked ? member : kicked, newChatMember: blocked ? kicked : member))
        }
    }

    /// Stores user messages in the chat and queues one `message` update each.
    private func deliverUserMessages(botId: Int64, chat: inout ChatState, messages: [StoredMessage])
        -> InjectionResult
    {
        var result = InjectionResult(updateIds: [], messages: [])
        guard let account = account(botId) else { return result }
        detach(chat.chatId, botId: botId)
        for message in messages { chat.append(message, historyLimit: configuration.historyPerChat) }
        store(chat, botId: botId)
        for message in messages {
            let apiMessage = apiMessage(message, in: chat, bot: account)
            result.messages.append(apiMessage)
            if let updateId = enqueue(botId: botId, { BotAPI.Update(updateId: $0, message: apiMessage) }) {
                result.updateIds.append(updateId)
            }
        }
        return result
    }

    private func replyTarget(_ messageId: Int?, in chat: ChatState) throws(ControlError) -> Int? {
        guard let messageId else { return nil }
        guard let message = chat.message(messageId), !message.deleted else {
            throw .notFound("message \(messageId) not found in chat \(chat.chatId)")
        }
        return message.messageId
    }

    /// A text message typed by the user. With `viaKeyboard` the text must be a button of the reply keyboard the
    /// chat shows (a one-time keyboard then hides).
    /// With `group` the user writes in that group (or supergroup) instead of the private chat.
    func injectText(botId: Int64?, user: UserInput, group: GroupInput? = nil, text: String, replyTo: Int?,
                    viaKeyboard: Bool) throws(ControlError) -> InjectionResult
    {
        let bot = try controlBot(botId)
        let formatted = FormattedText.userText(text)
        guard !formatted.trimmed().text.isEmpty else { throw .badRequest("text is empty") }
        guard formatted.length <= 4096 else { throw .badRequest("text is longer than 4096 characters") }
        var chat: ChatState
        if let group {
            chat = try openGroupChat(botId: bot.id, group: group, user: user)
        } else {
            chat = try openChat(botId: bot.id, user: user)
        }
        if viaKeyboard {
            let buttons = Self.keyboardButtons(chat.replyKeyboard)
            guard buttons.contains(where: { $0["text"]?.stringValue == text }) else {
                throw .conflict("the chat shows no reply keyboard button \"\(text)\"")
            }
            if chat.replyKeyboard?.json["one_time_keyboard"]?.boolValue == true { chat.replyKeyboard = nil }
        }
        var message = StoredMessage(messageId: chat.allocateMessageId(), sender: .user, date: Self.unixTime())
        message.text = formatted
        message.replyToMessageId = try replyTarget(replyTo, in: chat)
        return deliverUserMessages(botId: bot.id, chat: &chat, messages: [message])
    }

    /// The user shares their own phone number, as a request_contact button does (always their own contact).
    func injectContact(botId: Int64?, user: UserInput, phoneNumber: String) throws(ControlError) -> InjectionResult {
        let bot = try controlBot(botId)
        let digits = phoneNumber.filter(\.isNumber)
        guard (5...20).contains(digits.count),
              phoneNumber.allSatisfy({ $0.isNumber || $0 == "+" || $0 == " " || $0 == "-" || $0 == "(" || $0 == ")" })
        else {
            throw .badRequest("phone_number must be a phone number like +77011234567")
        }
        var chat = try openChat(botId: bot.id, user: user)
        if chat.replyKeyboard?.json["one_time_keyboard"]?.boolValue == true,
           Self.keyboardButtons(chat.replyKeyboard).contains(where: { $0["request_contact"]?.boolValue == true })
        {
            chat.replyKeyboard = nil
        }
        var message = StoredMessage(messageId: chat.allocateMessageId(), sender: .user, date: Self.unixTime())
        message.contact = BotAPI.Contact(phoneNumber: phoneNumber, firstName: chat.user.firstName,
                                         lastName: chat.user.lastName, userId: chat.user.id)
        return deliverUserMessages(botId: bot.id, chat: &chat, messages: [message])
    }

    /// One photo, or an album of 2–10 photos (one `message` update per photo, sharing a media_group_id);
    /// the caption goes on the first.
    func injectPhotos(botId: Int64?, user: UserInput, photos: [Data], caption: String?) throws(ControlError)
        -> InjectionResult
    {
        let bot = try controlBot(botId)
        guard (1...10).contains(photos.count) else { throw .badRequest("send 1 to 10 photos") }
        var images: [ImageInfo] = []
        for (index, data) in photos.enumerated() {
            guard let image = ImageInfo(data) else {
                throw .badRequest("photo \(index + 1) is not a PNG or JPEG image")
            }
            images.append(image)
        }
        let captionText = caption.flatMap { $0.isEmpty ? nil : FormattedText.userText($0) }
        if let captionText, captionText.length > 1024 { throw .badRequest("caption is longer than 1024 characters") }
        var chat = try openChat(botId: bot.id, user: user)
        let now = Self.unixTime()
        let mediaGroupId = photos.count > 1
            ? String(UInt64.random(in: 10_000_000_000_000_000...99_999_999_999_999_999)) : nil
        var messages: [StoredMessage] = []
        for (index, data) in photos.enumerated() {
            var message = StoredMessage(messageId: chat.allocateMessageId(), sender: .user, date: now)
            message.photo = files.storePhoto(botId: bot.id, data: data, image: images[index])
            message.mediaGroupId = mediaGroupId
            if index == 0 { message.caption = captionText }
            messages.append(message)
        }
        return deliverUserMessages(botId: bot.id, chat: &chat, messages: messages)
    }

    /// The user presses an inline button: a `callback_query` update with a fresh id and the message as it is now.
    /// Refused when the message is gone or carries no such button, unless `forge` (for stale-button tests: then
    /// a missing message arrives as an InaccessibleMessage, as Telegram sends it).
    func pressButton(botId: Int64?, userId: Int64, chatId: Int64?, messageId: Int, data: String, forge: Bool)
        throws(ControlError) -> PressResult
    {
        let bot = try controlBot(botId)
        let chatKey = chatId ?? userId
        guard var chat = bots[bot.id]?.chats[chatKey] else { throw .notFound("chat \(chatKey) not found") }
        guard chat.user.id == userId else { throw .badRequest("user \(userId) is not in chat \(chatKey)") }
        guard !chat.blocked else { throw .conflict("user \(userId) has blocked the bot") }
        let message = chat.message(messageId).flatMap { $0.deleted ? nil : $0 }
        if !forge {
            guard let message else { throw .notFound("message \(messageId) not found in chat \(chatKey)") }
            guard message.replyMarkup?.callbackData.contains(data) == true else {
                throw .conflict("message \(messageId) has no inline button with callback_data \"\(data)\"")
            }
        }
        let queryId = String(UInt64.random(in: 1_000_000_000_000_000_000...9_000_000_000_000_000_000))
        let apiMessage: BotAPI.MaybeInaccessibleMessage = message.map { .message(self.apiMessage($0, in: chat, bot: bot)) }
            ?? .inaccessible(chat: chat.apiChat, messageId: messageId)
        let query = BotAPI.CallbackQuery(id: queryId, from: chat.user.apiUser, message: apiMessage,
                                         chatInstance: String((chat.chatId &* 7_919) ^ bot.id), data: data)
        let record = CallbackRecord(id: queryId, chatId: chat.chatId, userId: userId, messageId: messageId, data: data,
                                    date: Self.unixTime(), createdAt: .now, forged: forge, answer: nil)
        bots[bot.id]?.callbacks[queryId] = record
        bots[bot.id]?.callbackOrder.append(queryId)
        if let order = bots[bot.id]?.callbackOrder, order.count > 2_000 {
            for old in order.prefix(order.count - 2_000) { bots[bot.id]?.callbacks.removeValue(forKey: old) }
            bots[bot.id]?.callbackOrder.removeFirst(order.count - 2_000)
        }
        chat.revision += 1
        store(chat, botId: bot.id)
        guard let updateId = enqueue(botId: bot.id, { BotAPI.Update(updateId: $0, callbackQuery: query) }) else {
            throw .conflict("the bot's allowed_updates exclude callback_query")
        }
        return PressResult(updateId: updateId, callbackQueryId: queryId, callbackQuery: query)
    }

    /// The user blocks (or unblocks) the bot: sends then fail with 403 and the bot gets my_chat_member.
    func setBlocked(botId: Int64?, userId: Int64, blocked: Bool) throws(ControlError) {
        let bot = try controlBot(botId)
        guard var chat = bots[bot.id]?.chats[userId] else { throw .notFound("chat \(userId) not found") }
        guard chat.blocked != blocked else { return }
        chat.blocked = blocked
        chat.revision += 1
        store(chat, botId: bot.id)
        enqueueMembershipChange(botId: bot.id, chat: chat, blocked: blocked)
    }

    // MARK: Reading

    func botViews() -> [BotView] {
        accounts.compactMap { account in
            guard let bot = bots[account.id] else { return nil }
            return BotView(id: account.id, username: account.username, firstName: account.firstName,
                           webhookUrl: bot.webhook?.url, pendingUpdateCount: bot.pending.count,
                           activeLongPolls: bot.activeLongPolls)
        }
    }

    func chatSummaries(botId: Int64?) throws(ControlError) -> [ChatSummary] {
        let bot = try controlBot(botId)
        return (bots[bot.id]?.chats.values.map { chat in
            ChatSummary(botId: bot.id, chatId: chat.chatId, user: chat.user, blocked: chat.blocked,
                        revision: chat.revision, messageCount: chat.messages.count,
                        lastMessageDate: chat.messages.last?.date)
        } ?? []).sorted { ($0.lastMessageDate ?? 0, $0.chatId) > ($1.lastMessageDate ?? 0, $1.chatId) }
    }

    /// The chat's revision, or nil when there is no such chat.
    func chatRevision(botId: Int64, chatId: Int64) -> Int? {
        bots[botId]?.chats[chatId]?.revision
    }

    func chatView(botId: Int64?, chatId: Int64) throws(ControlError) -> ChatView {
        let bot = try controlBot(botId)
        guard let chat = bots[bot.id]?.chats[chatId] else { throw .notFound("chat \(chatId) not found") }
        var action: ChatActionView?
        if let current = chat.chatAction, Self.unixTime() - current.date < 6 {
            action = ChatActionView(action: current.action, date: current.date)
        }
        return ChatView(botId: bot.id, chatId: chat.chatId, user: chat.user, blocked: chat.blocked,
                        revision: chat.revision, replyKeyboard: chat.replyKeyboard?.json, chatAction: action,
                        messages: chat.messages.map(\.view))
    }

    /// The first message from the bot after `afterMessageId` (default: the user's latest message), if any yet.
    func nextBotMessage(botId: Int64?, chatId: Int64, afterMessageId: Int?) throws(ControlError)
        -> (message: ChatMessageView?, after: Int)
    {
        let bot = try controlBot(botId)
        guard let chat = bots[bot.id]?.chats[chatId] else { throw .notFound("chat \(chatId) not found") }
        let after = afterMessageId ?? chat.lastUserMessageId
        // Ids ascend and the wanted message is usually among the newest: step back from the end (every change in
        // any chat wakes every waiter, so a scan from the start of a long history adds up).
        var start = chat.messages.endIndex
        while start > chat.messages.startIndex, chat.messages[start - 1].messageId > after { start -= 1 }
        let message = chat.messages[start...].first { $0.sender == .bot && !$0.deleted }
        return (message?.view, after)
    }

    func callbackViews(botId: Int64?, chatId: Int64?) throws(ControlError) -> [CallbackView] {
        let bot = try controlBot(botId)
        guard let runtime = bots[bot.id] else { return [] }
        return runtime.callbackOrder.compactMap { runtime.callbacks[$0] }
            .filter { chatId == nil || $0.chatId == chatId }
            .map { callbackView($0, botId: bot.id) }
    }

    func callbackView(id: String) -> CallbackView? {
        for (botId, bot) in bots {
            if let record = bot.callbacks[id] { return callbackView(record, botId: botId) }
        }
        return nil
    }

    private func callbackView(_ record: CallbackRecord, botId: Int64) -> CallbackView {
        let expired = record.answer == nil
            && ContinuousClock.now - record.createdAt > configuration.callbackAnswerWindow
        return CallbackView(id: record.id, botId: botId, chatId: record.chatId, userId: record.userId,
                            messageId: record.messageId, data: record.data, date: record.date, forged: record.forged,
                            answered: record.answer != nil, expired: expired,
                            answer: record.answer.map {
                                CallbackAnswerView(text: $0.text, showAlert: $0.showAlert, url: $0.url,
                                                   cacheTime: $0.cacheTime, date: $0.date)
                            })
    }

    func pendingUpdates(botId: Int64?) throws(ControlError) -> [BotAPI.Update] {
        let bot = try controlBot(botId)
        return bots[bot.id]?.pending ?? []
    }

    // MARK: Administration

    /// Forgets chats, messages, updates, webhooks, callback queries and flood buckets (of one bot, or of all bots
    /// together with files and counters).
    func reset(botId: Int64?) throws(ControlError) {
        let targets = try botId.map { id throws(ControlError) in [try controlBot(id)] } ?? accounts
        for account in targets {
            var fresh = BotRuntime(account: account)
            fresh.pollGeneration = (bots[account.id]?.pollGeneration ?? 0) &+ 1
            fresh.activeLongPolls = bots[account.id]?.activeLongPolls ?? 0
            bots[account.id] = fresh
        }
        if botId == nil {
            files.removeAll()
            counters = SandboxCounters()
        }
        flood.reset()
        updatesSignal.notify()
        activitySignal.notify()
    }

    func currentCounters() -> SandboxCounters { counters }

    func floodSettings() -> FloodSettings { flood.settings }

    func setFloodSettings(_ settings: FloodSettings) throws(ControlError) {
        guard settings.isValid else {
            throw .badRequest("per_chat_rate, global_rate must be > 0; per_chat_burst, group_per_minute >= 1")
        }
        flood.update(settings)
    }

    static func keyboardButtons(_ markup: ReplyMarkup?) -> [JSONValue] {
        guard let markup, markup.kind == .replyKeyboard, let rows = markup.json["keyboard"]?.arrayValue else {
            return []
        }
        return rows.flatMap { $0.arrayValue ?? [] }
    }
}
