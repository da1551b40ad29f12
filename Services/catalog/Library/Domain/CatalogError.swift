import Foundation

/// Everything the catalog refuses or cannot find. Presented to RPC callers by ``CatalogError/rpcError`` (the one
/// mapping, in `CatalogError+RPC.swift`). Descriptions never contain codes or other access details.
public enum CatalogError: Error, Sendable, Equatable, CustomStringConvertible {
    case cityNotFound(Int)
    case districtNotFound(cityId: Int, districtId: Int)
    case apartmentNotFound(UUID)
    case photoNotFound(UUID)
    /// The actor may not see or change this apartment.
    case forbidden(String)
    /// A field of a request or an edit is malformed or out of range.
    case invalidField(field: String, reason: String)
    /// The bytes are not a complete JPEG or PNG image we accept.
    case invalidPhoto(String)
    /// Publishing needs these fields first.
    case incompleteForPublishing(missing: [String])
    /// The same image already sits at another position of the apartment.
    case duplicatePhoto(position: Int, samePictureAt: Int)
    /// A stored code cannot be decrypted (unknown key id: CODES_ENCRYPTION_KEYS lost a key still in use).
    case codesUnreadable(String)

    public var description: String {
        switch self {
        case let .cityNotFound(id): "city \(id) not found"
        case let .districtNotFound(cityId, districtId): "district \(districtId) not found in city \(cityId)"
        case let .apartmentNotFound(id): "apartment \(id) not found"
        case let .photoNotFound(id): "photo \(id) not found"
        case let .forbidden(reason): "forbidden: \(reason)"
        case let .invalidField(field, reason): "invalid \(field): \(reason)"
        case let .invalidPhoto(reason): "invalid photo: \(reason)"
        case let .incompleteForPublishing(missing):
            "cannot publish an incomplete apartment, missing: \(missing.joined(separator: ", "))"
        case let .duplicatePhoto(position, other):
            "the photo for position \(position) is the same picture as position \(other)"
        case let .codesUnreadable(reason): "access codes cannot be decrypted: \(reason)"
        }
    }
}
