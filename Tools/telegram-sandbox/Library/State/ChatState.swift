import Foundation

/// A private chat between one bot and one user, or a group the bot is a member of (then `user` is whoever wrote
/// last: the sandbox plays one user at a time).
struct ChatState: Sendable {
    let chatId: Int64
    var user: SandboxUser
    /// The group or supergroup, nil for the private chat with `user`.
    var group: BotAPI.Chat?
    /// Ascending by message_id; at most `historyLimit` (the oldest are forgotten).
    private(set) var messages: [StoredMessage] = []
    private var nextMessageId = 1
    var blocked = false
    /// Bumped on every change (a message either way, an edit, a deletion, a chat action, blocking).
    var revision = 0
    /// The reply keyboard the user's client shows now (set by the bot's last reply keyboard, cleared by
    /// remove_keyboard or by pressing a one-time keyboard).
    var replyKeyboard: ReplyMarkup?
    var chatAction: (action: String, date: Int)?
    var lastUserMessageId = 0

    init(user: SandboxUser) {
        chatId = user.id
        self.user = user
    }

    init(group: BotAPI.Chat, user: SandboxUser) {
        chatId = group.id
        self.user = user
        self.group = group
    }

    /// The chat as the Bot API shows it.
    var apiChat: BotAPI.Chat { group ?? user.privateChat }

    mutating func allocateMessageId() -> Int {
        defer { nextMessageId += 1 }
        return nextMessageId
    }

    mutating func append(_ message: StoredMessage, historyLimit: Int) {
        messages.append(message)
        if message.sender == .user { lastUserMessageId = message.messageId }
        if message.sender == .bot, let markup = message.replyMarkup {
            switch markup.kind {
            case .replyKeyboard: replyKeyboard = markup
            case .removeKeyboard: replyKeyboard = nil
            case .inlineKeyboard, .forceReply: break
            }
        }
        if message.sender == .bot { chatAction = nil }
        if messages.count > historyLimit { messages.removeFirst(messages.count - historyLimit) }
        revision += 1
    }

    func index(of messageId: Int) -> Int? {
        // Ids ascend, so search from the newest end (the usual target).
        messages.lastIndex { $0.messageId == messageId }
    }

    func message(_ messageId: Int) -> StoredMessage? {
        index(of: messageId).map { messages[$0] }
    }

    mutating func update(_ messageId: Int, _ change: (inout StoredMessage) -> Void) {
        guard let index = index(of: messageId) else { return }
        change(&messages[index])
        revision += 1
    }
}
