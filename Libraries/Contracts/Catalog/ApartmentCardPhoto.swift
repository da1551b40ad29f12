import Foundation

/// A photo on a card.
public struct ApartmentCardPhoto: Codable, Sendable, Equatable {
    public var id: UUID
    /// 1…6.
    public var position: Int
    /// The cached Telegram `file_id` for the requested bot; nil when not uploaded yet (or no bot was given).
    public var telegramFileId: String?

    public init(id: UUID, position: Int, telegramFileId: String?) {
        self.id = id
        self.position = position
        self.telegramFileId = telegramFileId
    }
}
