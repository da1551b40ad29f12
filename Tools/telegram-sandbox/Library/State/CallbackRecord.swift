import Foundation

/// A callback query the sandbox created (an inline button press) and what the bot answered.
struct CallbackRecord: Sendable {
    struct Answer: Sendable, Codable, Equatable {
        var text: String?
        var showAlert: Bool
        var url: String?
        var cacheTime: Int?
        var date: Int
    }

    let id: String
    let chatId: Int64
    let userId: Int64
    let messageId: Int
    let data: String
    let date: Int
    let createdAt: ContinuousClock.Instant
    let forged: Bool
    var answer: Answer?
}
