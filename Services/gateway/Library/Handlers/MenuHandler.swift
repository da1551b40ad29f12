import Foundation

/// /start, /menu and the main menu's reply-keyboard buttons (the menu is reachable from every state).
struct MenuHandler: Sendable {
    static let keyboard = ReplyMarkup.keyboard(Texts.menuItems)

    /// Handles `text` when it is a menu command; nil when it is not one.
    func handle(text: String, state: ConversationState, context: ChatContext, search: SearchHandler,
                cabinet: CabinetHandler, guestId: Int64, now: Date) async throws -> ConversationState?
    {
        switch text.trimmingCharacters(in: .whitespaces) {
        case "/start":
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.greeting, markup: Self.keyboard)
            return .idle
        case "/menu", "меню", "Меню":
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

    func showMenu(context: ChatContext, preface: String? = nil) async throws -> ConversationState {
        let text = preface.map { "\($0)\n\n\(Texts.menuShown)" } ?? Texts.menuShown
        try await context.api.sendMessage(chatId: context.chatId, text: text, markup: Self.keyboard)
        return .idle
    }
}
