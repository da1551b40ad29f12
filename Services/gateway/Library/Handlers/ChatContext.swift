import Database
import Foundation
import Messaging
import Presentation

/// Everything a handler needs for one update of one chat.
struct ChatContext: Sendable {
    let chatId: Int64
    let api: TelegramBotAPI
    let listings: any Listings
    let outbox: Outbox
    let transaction: DatabaseTransaction
    let today: LocalDate
    /// The message whose button was pressed, as the callback query showed it (nil for a typed message).
    var pressed: TelegramMessage? = nil
}

extension ChatContext {
    /// Replaces message `messageId`'s text and inline buttons. Sends nothing when it is the pressed message and
    /// shows exactly that already (a repeated press): Telegram refuses an edit that changes nothing.
    func editText(_ messageId: Int, text: String, markup: ReplyMarkup?) async throws {
        if let pressed, pressed.messageId == messageId, pressed.shows(html: text, markup: markup) { return }
        try await api.editMessageText(chatId: chatId, messageId: messageId, text: text, markup: markup)
    }

    /// Removes message `messageId`'s inline buttons; nothing is sent when it is the pressed message and shows none.
    func removeButtons(of messageId: Int) async throws {
        if let pressed, pressed.messageId == messageId, pressed.hasNoButtons { return }
        try await api.editMessageReplyMarkup(chatId: chatId, messageId: messageId, markup: nil)
    }

    /// A page of a paginated list (the history, an apartment's reviews): edits `editing` in place when a page
    /// button was pressed on it, otherwise sends it as a new message.
    func showPage(_ text: String, rows: [[InlineButton]], editing: Int?) async throws {
        let markup: ReplyMarkup? = rows.isEmpty ? nil : .inline(rows)
        if let editing {
            try await editText(editing, text: text, markup: markup)
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
