import Foundation

/// A photo attached to a review, as Telegram knows it. The catalog stores the references only; the gateway
/// downloads and validates the image before submitting and re-sends it by `fileId`.
public struct ReviewPhotoRef: Codable, Sendable, Equatable {
    /// Telegram `file_id` (bot-specific; what the bot re-sends the photo with).
    public var fileId: String
    /// Telegram `file_unique_id` (stable across bots; what duplicates are recognised by).
    public var fileUniqueId: String

    public init(fileId: String, fileUniqueId: String) {
        self.fileId = fileId
        self.fileUniqueId = fileUniqueId
    }
}
