import Contracts
import Database
import Foundation
import Logging
import Messaging

/// Serves photo bytes for the first upload to Telegram and records the `file_id`s Telegram gives back.
struct PhotoHandler: Sendable {
    let database: DatabasePool
    let inbox: Inbox
    let photos: any PhotoRepository

    func photo(_ request: GetApartmentPhoto) async throws -> ApartmentPhotoData {
        guard let photo = try await photos.photo(request.photoId, on: database) else {
            throw CatalogError.photoNotFound(request.photoId)
        }
        return photo
    }

    /// Idempotent (inbox); an unknown photo (replaced meanwhile) is logged and dropped, not retried.
    func recordFileId(_ envelope: Envelope<RecordPhotoFileId>, logger: Logger) async throws {
        let command = envelope.payload
        guard !command.fileId.isEmpty, command.fileId.utf8.count <= 512 else {
            logger.warning("file_id record with an unusable file_id dropped", metadata: ["photo.id": "\(command.photoId)"])
            return
        }
        let recorded = try await inbox.handleOnce(envelope.metadata, database: database) { transaction in
            try await photos.recordFileId(photoId: command.photoId, botId: command.botId, fileId: command.fileId,
                                          on: transaction)
        }
        switch recorded {
        case nil: logger.debug("duplicate file_id record ignored")
        case false?: logger.warning("file_id for an unknown photo dropped", metadata: ["photo.id": "\(command.photoId)"])
        case true?: logger.debug("file_id recorded", metadata: ["photo.id": "\(command.photoId)", "bot.id": "\(command.botId)"])
        }
    }
}
