import Database
import Foundation
import Messaging

/// Everything a handler needs for one update of one chat.
struct ChatContext: Sendable {
    let chatId: Int64
    let api: TelegramBotAPI
    let listings: any Listings
    let outbox: Outbox
    let transaction: DatabaseTransaction
    let today: LocalDate
}

extension ChatContext {
    /// A page of a paginated list (the history, an apartment's reviews): edits `editing` in place when a page
    /// button was pressed on it, otherwise sends it as a new message.
    func showPage(_ text: String, rows: [[InlineButton]], editing: Int?) async throws {
        let markup: ReplyMarkup? = rows.isEmpty ? nil : .inline(rows)
        if let editing {
            try await api.editMessageText(chatId: chatId, messageId: editing, text: text, markup: markup)
        } else {
            try await api.sendMessage(chatId: chatId, text: text, markup: markup)
        }
    }

    /// The «previous» / «next» buttons of page `page` (1-based) of `pages`, each leading to `target(page ± 1)`;
    /// empty on a single page.
    static func pageNavigation(page: Int, of pages: Int, previous: String, next: String,
                               target: (Int) -> CallbackData) -> [InlineButton]
    {
        var row: [InlineButton] = []
        if page > 1 { row.append(InlineButton(previous, target(page - 1))) }
        if page < pages { row.append(InlineButton(next, target(page + 1))) }
        return row
    }
}
