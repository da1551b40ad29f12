import Foundation

/// A shared contact (Bot API `Contact`). `userId` is the Telegram user whose contact it is, when known.
public struct TelegramContact: Codable, Sendable, Equatable {
    public var phoneNumber: String
    public var firstName: String?
    public var userId: Int64?
}
