import Foundation

/// RPC: the bytes of one photo (for the first upload to Telegram). Unknown photo: `not_found`.
public struct GetApartmentPhoto: RPCRequest {
    public typealias Response = ApartmentPhotoData
    public static let messageType: MessageType = "catalog.apartment.photo.v1"
    public static let destination: ServiceName = .catalog

    public var photoId: UUID

    public init(photoId: UUID) {
        self.photoId = photoId
    }
}

/// Reply to ``GetApartmentPhoto``.
public struct ApartmentPhotoData: Message {
    public static let messageType: MessageType = "catalog.apartment.photo.reply.v1"

    public var photoId: UUID
    public var apartmentId: UUID
    /// 1…6.
    public var position: Int
    /// `image/jpeg` or `image/png`.
    public var mimeType: String
    public var width: Int
    public var height: Int
    /// SHA-256 of `bytes`, 64 lowercase hex characters.
    public var sha256: String
    /// The image file; base64 in JSON.
    public var bytes: Data

    public init(photoId: UUID, apartmentId: UUID, position: Int, mimeType: String, width: Int, height: Int,
                sha256: String, bytes: Data)
    {
        self.photoId = photoId
        self.apartmentId = apartmentId
        self.position = position
        self.mimeType = mimeType
        self.width = width
        self.height = height
        self.sha256 = sha256
        self.bytes = bytes
    }
}
