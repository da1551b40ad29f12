import Foundation

/// /start, /menu and the main menu's reply-keyboard buttons (the menu is reachable from every state).
struct MenuHandler: Sendable {
    static let keyboard = ReplyMarkup.keyboard(Texts.menuItems)

    /// Handles `text` when it is a menu command; nil when it is not one.
    func handle(text: String, state: ConversationState, context: ChatContext, search: SearchHandler,
                cabinet: CabinetHandler, guestId: Int64, now: Date) async throws -> ConversationState?
    {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch Self.command(in: trimmed) ?? trimmed {
        case "/start":
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.greeting, markup: Self.keyboard)
            return .idle
        case "/menu", "/cancel", "меню", "Меню":
            return try await showMenu(context: context)
        case Texts.menuSearch, "/search":
            return try await search.start(context: context)
        case Texts.menuBookings, "/bookings":
            try await cabinet.showHistory(page: 1, guestId: guestId, context: context, editing: nil)
            return .idle
        case Texts.menuStatus, "/status":
            try await cabinet.showCurrent(guestId: guestId, context: context, now: now)
            return .idle
        case Texts.menuHelp, "/help":
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.help, markup: Self.keyboard)
            return state
        default:
            return nil
        }
    }

    /// The command of a message that starts with «/», as Telegram clients send them: lowercased, without the
    /// «@botname» a client appends in some contexts and without a deep link's payload («/start ref123» → «/start»,
    /// «/Help@zhilyego_bot» → «/help»). Nil for any other text.
    static func command(in text: String) -> String? {
        guard text.hasPrefix("/"), let word = text.split(whereSeparator: \.isWhitespace).first else { return nil }
        let name = word.split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false).first ?? word
        return name.count > 1 ? name.lowercased() : nil
    }

    func showMenu(context: ChatContext, preface: String? = nil) async throws -> ConversationState {
        let text = preface.map { "\($0)\n\n\(Texts.menuShown)" } ?? Texts.menuShown
        try await context.api.sendMessage(chatId: context.chatId, text: text, markup: Self.keyboard)
        return .idle
    }
}
