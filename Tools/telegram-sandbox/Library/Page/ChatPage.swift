import Foundation

/// The web chat at `/`: a person talks to the bot as a Telegram user. Plain HTML, CSS and vanilla JS with no
/// external assets (`chat.html`, a resource of this target, served as it is); everything goes through the control
/// API (`/sandbox/…`), and the conversation updates live by long-polling `GET /sandbox/chats/{id}?since_revision=…`.
/// Text is rendered from Telegram entities with DOM nodes (never innerHTML), so bot output cannot inject markup.
enum ChatPage {
    static let html: String = {
        guard let url = Bundle.module.url(forResource: "chat", withExtension: "html"),
              let page = try? String(contentsOf: url, encoding: .utf8)
        else {
            // Only a broken installation gets here (the resource bundle was not copied next to the executable).
            return "<!doctype html><meta charset=\"utf-8\"><title>Telegram sandbox</title>"
                + "<p>The chat page (chat.html) is missing from the sandbox's resource bundle.</p>"
        }
        return page
    }()
}
