import Foundation

/// Command: remember the Telegram `file_id` a bot got when it uploaded a photo, so the photo is sent by
/// `file_id` from then on. Recording again replaces the previous one; an unknown photo is ignored (logged).
public struct RecordPhotoFileId: Command {
    public static let messageType: MessageType = "catalog.photo.file-id.record.v1"
    public static let destination: ServiceName = .catalog

    public var photoId: UUID
    /// The numeric id of the bot (the part of its token before `:`): `file_id`s are valid per bot only.
    public var botId: Int64
    public var fileId: String

    public init(photoId: UUID, botId: Int64, fileId: String) {
        self.photoId = photoId
        self.botId = botId
        self.fileId = fileId
    }
}
