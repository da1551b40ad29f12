import Database
import Foundation
import Logging
import Messaging

/// Routes one update to the feature that owns it (aiogram-style): menu commands from any state, wizard buttons
/// of the chat's current message, typed dates; a fallback answer for everything else. Every callback query is
/// answered, also when handling fails.
struct UpdateRouter: Sendable {
    let api: TelegramBotAPI
    let listings: any Listings
    let outbox: Outbox
    let logger: Logger
    let menu = MenuHandler()
    var search: SearchHandler { SearchHandler(logger: logger) }

    func route(_ update: TelegramUpdate, state: ConversationState, transaction: DatabaseTransaction,
               now: Date = Date()) async throws -> ConversationState
    {
        if let query = update.callbackQuery {
            return try await handle(query, state: state, transaction: transaction, now: now)
        }
        guard let message = update.message else { return state }
        let context = ChatContext(chatId: message.chat.id, api: api, listings: listings, outbox: outbox,
                                  transaction: transaction, today: LocalDate.today(now: now))
        guard let text = message.text else {
            try await api.sendMessage(chatId: context.chatId, text: Texts.unknownText, markup: MenuHandler.keyboard)
            return state
        }
        if let next = try await menu.handle(text: text, state: state, context: context, search: search) { return next }
        switch state {
        case .search(let session):
            return try await search.handle(text: text, session: session, context: context)
        case .idle:
            try await api.sendMessage(chatId: context.chatId, text: Texts.unknownText, markup: MenuHandler.keyboard)
            return .idle
        }
    }

    private func handle(_ query: TelegramCallbackQuery, state: ConversationState, transaction: DatabaseTransaction,
                        now: Date) async throws -> ConversationState
    {
        guard let message = query.message else {
            try? await api.answerCallbackQuery(id: query.id, text: Texts.staleButton)
            return state
        }
        let context = ChatContext(chatId: message.chat.id, api: api, listings: listings, outbox: outbox,
                                  transaction: transaction, today: LocalDate.today(now: now))
        let data = query.data.flatMap(CallbackData.init(packed:))
        // Only the buttons of the wizard's current message are live; anything else is stale or foreign.
        guard let data, case .search(let session) = state, session.messageId == message.messageId else {
            if data == .menu {
                try? await api.answerCallbackQuery(id: query.id)
                return try await menu.showMenu(context: context)
            }
            try? await api.answerCallbackQuery(id: query.id, text: Texts.staleButton)
            return try await menu.showMenu(context: context, preface: Texts.staleButton)
        }
        do {
            let (next, answer) = try await search.handle(data, session: session, context: context)
            try? await api.answerCallbackQuery(id: query.id, text: answer)
            return next
        } catch {
            try? await api.answerCallbackQuery(id: query.id, text: Texts.temporaryFailure)
            throw error
        }
    }
}
