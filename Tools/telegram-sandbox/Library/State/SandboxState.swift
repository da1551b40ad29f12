import Foundation
import Logging

/// The whole sandbox world, in memory: bots, their update queues and webhooks, chats with users, messages, files,
/// callback queries, flood buckets and counters. An actor, so every Bot API call and control call sees and changes
/// it atomically; long waits (long polling, "wait for the bot's next message") happen outside, on `ChangeSignal`s.
public actor SandboxState {
    let configuration: SandboxConfiguration
    nonisolated let accounts: [BotAccount]
    nonisolated let accountsByToken: [String: BotAccount]
    var bots: [Int64: BotRuntime] = [:]
    var files: FileStore
    var flood: FloodControl
    var counters = SandboxCounters()
    /// Chats whose incoming bot sends wait until released (`POST /sandbox/chats/{id}/hold`), for every bot.
    var heldChats: Set<Int64> = []
    let logger: Logger

    /// Bumped when updates are queued, confirmed, or the webhook or poller changes (wakes getUpdates and the
    /// webhook dispatcher).
    nonisolated let updatesSignal = ChangeSignal()
    /// Bumped on any change in any chat or callback query (wakes the control API's waits and the chat page).
    nonisolated let activitySignal = ChangeSignal()

    public init(configuration: SandboxConfiguration, logger: Logger = Logger(label: "telegram-sandbox.state")) {
        self.configuration = configuration
        self.logger = logger
        accounts = configuration.bots
        var byToken: [String: BotAccount] = [:]
        for account in configuration.bots { byToken[account.token] = account }
        accountsByToken = byToken
        files = FileStore(capacityBytes: configuration.fileStoreBytes)
        flood = FloodControl(settings: configuration.flood)
        for account in configuration.bots { bots[account.id] = BotRuntime(account: account) }
    }

    /// Ends every wait at once (long polls return their empty result): called when the server shuts down.
    public nonisolated func beginShutdown() {
        updatesSignal.close()
        activitySignal.close()
    }

    nonisolated var isShuttingDown: Bool { updatesSignal.isClosed }

    // MARK: Shared helpers

    static func unixTime() -> Int { Int(Date().timeIntervalSince1970) }

    func countCall(_ method: String) {
        counters.apiCalls += 1
        counters.byMethod[method, default: 0] += 1
    }

    func countError(_ error: BotAPIError) {
        counters.errors += 1
        if error.errorCode == 429 { counters.tooManyRequests += 1 }
    }

    /// Queues an update for a bot unless its `allowed_updates` exclude the type (Telegram never creates those).
    /// Returns the update id, or nil when the type is not allowed.
    @discardableResult
    func enqueue(botId: Int64, _ makeUpdate: (Int) -> BotAPI.Update) -> Int? {
        guard let nextUpdateId = bots[botId]?.nextUpdateId else { return nil }
        let update = makeUpdate(nextUpdateId)
        guard bots[botId]?.allows(update.kind) == true else { return nil }
        // Changed in place (no copy of the bot held meanwhile), so the queues are not copied for every update;
        // the history is trimmed in steps of 1,000 so that trimming is not a shift of 10,000 updates each time.
        let limit = configuration.maxPendingUpdates
        bots[botId]?.nextUpdateId += 1
        bots[botId]?.pending.append(update)
        if let count = bots[botId]?.pending.count, count > limit {
            bots[botId]?.pending.removeFirst(count - limit)
        }
        bots[botId]?.history.append(update)
        if let count = bots[botId]?.history.count, count > limit + 1000 {
            bots[botId]?.history.removeFirst(count - limit)
        }
        counters.updatesCreated += 1
        updatesSignal.notify()
        return update.updateId
    }

    /// The chat a Bot API `chat_id` names: an integer id of a chat with a user who talked to the bot.
    func chatId(from text: String?) throws(BotAPIError) -> Int64 {
        guard let text, !text.isEmpty else { throw .chatIdEmpty }
        guard let id = Int64(text.trimmingCharacters(in: .whitespaces)) else { throw .chatNotFound }
        return id
    }

    /// A chat the bot may write to: it exists and the user has not blocked the bot.
    func writableChat(botId: Int64, chatText: String?) throws(BotAPIError) -> ChatState {
        let id = try chatId(from: chatText)
        guard let chat = bots[botId]?.chats[id] else { throw .chatNotFound }
        if chat.blocked { throw .blockedByUser }
        return chat
    }

    /// Drops the stored copy of a chat that the caller holds and is about to change (and then `store`s): the
    /// caller's copy becomes the only one, so appending a message or editing one does not copy the whole history
    /// (which made every send cost O(history)). Only call it once nothing can throw before `store`.
    func detach(_ chatId: Int64, botId: Int64) {
        bots[botId]?.chats[chatId] = nil
    }

    func store(_ chat: ChatState, botId: Int64) {
        bots[botId]?.chats[chat.chatId] = chat
        activitySignal.notify()
    }

    /// A stored message as the Bot API shows it to the bot.
    func apiMessage(_ message: StoredMessage, in chat: ChatState, bot: BotAccount, withReply: Bool = true)
        -> BotAPI.Message
    {
        var replyTo: BotAPI.ReplyToMessage?
        if withReply, let replyId = message.replyToMessageId, let original = chat.message(replyId), !original.deleted {
            replyTo = BotAPI.ReplyToMessage(apiMessage(original, in: chat, bot: bot, withReply: false))
        }
        return BotAPI.Message(
            messageId: message.messageId,
            from: message.sender == .bot ? bot.user : chat.user.apiUser,
            date: message.date,
            chat: chat.apiChat,
            replyToMessage: replyTo,
            editDate: message.editDate,
            mediaGroupId: message.mediaGroupId,
            text: message.text?.text,
            entities: message.text.flatMap { $0.entities.isEmpty ? nil : $0.entities },
            caption: message.caption.flatMap { $0.text.isEmpty ? nil : $0.text },
            captionEntities: message.caption.flatMap { $0.entities.isEmpty ? nil : $0.entities },
            photo: message.photo,
            document: message.document,
            contact: message.contact,
            replyMarkup: message.replyMarkup?.kind == .inlineKeyboard ? message.replyMarkup?.json : nil)
    }

    func account(_ botId: Int64) -> BotAccount? { bots[botId]?.account }
}
