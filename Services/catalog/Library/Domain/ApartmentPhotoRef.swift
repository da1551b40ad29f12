import Foundation

/// One of an apartment's six photos: its id (what the gateway asks for and caches `file_id`s by), its position
/// and the checksum of the stored bytes.
public struct ApartmentPhotoRef: Sendable, Equatable {
    public let id: UUID
    /// 1…6.
    public let position: Int
    /// SHA-256 of the image bytes, lowercase hex.
    public let sha256: String

    public init(id: UUID, position: Int, sha256: String) {
        self.id = id
        self.position = position
        self.sha256 = sha256
    }
}
