import Foundation

/// Everything the sandbox holds for one bot: its update queue, webhook, chats and callback queries.
struct BotRuntime: Sendable {
    struct Webhook: Sendable {
        var url: String
        var secretToken: String?
        var maxConnections: Int
        var lastErrorDate: Int?
        var lastErrorMessage: String?
        var consecutiveFailures = 0
        var retryAt: ContinuousClock.Instant?
    }

    /// The update types Telegram sends when `allowed_updates` is empty.
    static let defaultAllowedUpdates: Set<String> = [
        "message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
        "business_message", "edited_business_message", "deleted_business_messages", "inline_query",
        "chosen_inline_result", "callback_query", "shipping_query", "pre_checkout_query", "purchased_paid_media",
        "poll", "poll_answer", "my_chat_member", "chat_join_request", "chat_boost", "removed_chat_boost",
    ]

    let account: BotAccount
    var nextUpdateId: Int
    /// Unconfirmed updates, ascending by update_id.
    var pending: [BotAPI.Update] = []
    /// Every update created, ascending by update_id (bounded like `pending`), so the control API can deliver
    /// one again (`POST /sandbox/updates/redeliver`).
    var history: [BotAPI.Update] = []
    /// Ids of updates put back into `pending` by a redelivery and not delivered again yet: an offset above them
    /// does not confirm them until they went out once more.
    var redeliveries: Set<Int> = []
    var allowedUpdates: [String]?
    var webhook: Webhook?
    /// Bumped by every getUpdates call; an older long poll that sees a newer generation ends with 409.
    var pollGeneration: UInt64 = 0
    /// getUpdates calls in progress (for tests and diagnostics).
    var activeLongPolls = 0
    var chats: [Int64: ChatState] = [:]
    var callbacks: [String: CallbackRecord] = [:]
    var callbackOrder: [String] = []

    init(account: BotAccount) {
        self.account = account
        // Telegram starts each bot's update ids at an arbitrary number; clients must not assume 1.
        nextUpdateId = Int.random(in: 100_000_000...900_000_000)
    }

    func allows(_ kind: String) -> Bool {
        guard let allowedUpdates, !allowedUpdates.isEmpty else { return Self.defaultAllowedUpdates.contains(kind) }
        return allowedUpdates.contains(kind)
    }
}
