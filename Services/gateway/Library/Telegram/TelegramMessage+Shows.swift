import Foundation

extension TelegramMessage {
    /// True when the message already shows `html` (parse_mode HTML, as the bot sends it) with exactly `markup`'s
    /// inline buttons: an edit to that content would change nothing, and Telegram refuses it with 400 «message is
    /// not modified». Formatting is not compared (Telegram gives the text back plain, its entities aside), so the
    /// bot's texts must not differ by formatting alone; anything not known to match counts as different.
    func shows(html: String, markup: ReplyMarkup?) -> Bool {
        guard let text, Self.plainText(html: html).trimmingCharacters(in: .whitespacesAndNewlines)
            == text.trimmingCharacters(in: .whitespacesAndNewlines)
        else { return false }
        let shown = (replyMarkup?.inlineKeyboard ?? []).filter { !$0.isEmpty }
            .map { $0.map { InlineButtonContent(text: $0.text, data: $0.callbackData ?? "") } }
        switch markup {
        case nil:
            return shown.isEmpty
        case .inline(let rows):
            return shown == rows.filter { !$0.isEmpty }.map { $0.map { InlineButtonContent(text: $0.text, data: $0.callbackData) } }
        case .keyboard, .requestContact:
            return false
        }
    }

    /// True when the message shows no inline buttons (removing them would change nothing).
    var hasNoButtons: Bool { (replyMarkup?.inlineKeyboard ?? []).allSatisfy(\.isEmpty) }

    /// The text Telegram shows for `html`: tags dropped, the entities the bot escapes decoded.
    static func plainText(html: String) -> String {
        html.replacing(/<[^>]*>/, with: "")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }

    private struct InlineButtonContent: Equatable {
        var text: String
        var data: String
    }
}
