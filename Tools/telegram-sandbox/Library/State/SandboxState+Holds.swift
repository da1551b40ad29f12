import Foundation

/// Held chats: a test stops the bot's sends to a chat at a known point. A send to a held chat does not fail; it
/// waits (as a slow Telegram would) until the chat is released or the sandbox shuts down, then goes on as usual.
extension SandboxState {
    func setHeld(chatId: Int64, held: Bool) {
        if held { heldChats.insert(chatId) } else { heldChats.remove(chatId) }
        activitySignal.notify()
    }

    func isHeld(chatText: String?) -> Bool {
        guard !heldChats.isEmpty, let chatId = try? chatId(from: chatText) else { return false }
        return heldChats.contains(chatId)
    }

    func countHeldSend() {
        counters.heldSends += 1
        activitySignal.notify()
    }

    /// Returns once the chat `chatText` names is not held (at once when it never was), the sandbox shuts down or the
    /// request is cancelled.
    nonisolated func waitWhileHeld(chatText: String?) async {
        var counted = false
        while !isShuttingDown, !Task.isCancelled {
            let seen = activitySignal.currentVersion
            guard await isHeld(chatText: chatText) else { return }
            if !counted {
                counted = true
                await countHeldSend()
            }
            await activitySignal.wait(after: seen, until: .now + .seconds(60))
        }
    }
}
