import Contracts
import Database
import Foundation

/// Photo bytes for the first upload to Telegram, and the `file_id`s Telegram gave back.
public protocol PhotoRepository: Sendable {
    func photo(_ id: UUID, on database: any SQLExecutor) async throws -> ApartmentPhotoData?
    /// Records (or replaces) the `file_id` of a photo for a bot; false when the photo does not exist.
    func recordFileId(photoId: UUID, botId: Int64, fileId: String, on database: any SQLExecutor) async throws -> Bool
}

public struct PostgresPhotoRepository: PhotoRepository {
    public init() {}

    public func photo(_ id: UUID, on database: any SQLExecutor) async throws -> ApartmentPhotoData? {
        guard let row = try await database.queryFirst("""
            SELECT p.id, p.apartment_id, p.position, b.mime_type, b.width, b.height, b.sha256, b.bytes
            FROM apartment_photos p JOIN photo_blobs b ON b.sha256 = p.blob_sha256
            WHERE p.id = \(id)
            """)
        else { return nil }
        return ApartmentPhotoData(
            photoId: try row.decode("id"), apartmentId: try row.decode("apartment_id"),
            position: try row.decode("position"), mimeType: try row.decode("mime_type"),
            width: try row.decode("width"), height: try row.decode("height"), sha256: try row.decode("sha256"),
            bytes: try row.decode("bytes"))
    }

    public func recordFileId(photoId: UUID, botId: Int64, fileId: String,
                             on database: any SQLExecutor) async throws -> Bool
    {
        do {
            let inserted = try await database.execute("""
                INSERT INTO photo_telegram_files (photo_id, bot_id, file_id)
                SELECT id, \(botId), \(fileId) FROM apartment_photos WHERE id = \(photoId)
                ON CONFLICT (photo_id, bot_id) DO UPDATE SET file_id = EXCLUDED.file_id, recorded_at = now()
                """)
            return inserted > 0
        } catch let error as DatabaseError where error.isForeignKeyViolation {
            return false  // the photo was replaced meanwhile
        }
    }
}
