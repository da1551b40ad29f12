import Contracts
import Foundation

/// Changes to an apartment; nil fields stay as they are. Codes are plaintext here and sealed before storing.
public struct ApartmentEdit: Sendable {
    /// Moves the apartment to this district (and its city).
    public var districtId: Int?
    public var apartmentClass: ApartmentClass?
    public var rooms: Int?
    public var pricePerNightTiyn: Int64?
    public var address: String?
    public var entrance: String?
    public var floor: Int?
    public var apartmentNumber: String?
    public var description: String?
    public var realtorPhone: String?
    public var intercomCode: String?
    public var safeCode: String?
    public var photos: [PhotoUpload]

    public init(districtId: Int? = nil, apartmentClass: ApartmentClass? = nil, rooms: Int? = nil,
                pricePerNightTiyn: Int64? = nil, address: String? = nil, entrance: String? = nil, floor: Int? = nil,
                apartmentNumber: String? = nil, description: String? = nil, realtorPhone: String? = nil,
                intercomCode: String? = nil, safeCode: String? = nil, photos: [PhotoUpload] = [])
    {
        self.districtId = districtId
        self.apartmentClass = apartmentClass
        self.rooms = rooms
        self.pricePerNightTiyn = pricePerNightTiyn
        self.address = address
        self.entrance = entrance
        self.floor = floor
        self.apartmentNumber = apartmentNumber
        self.description = description
        self.realtorPhone = realtorPhone
        self.intercomCode = intercomCode
        self.safeCode = safeCode
        self.photos = photos
    }
}

/// An image for a position of an apartment. `id` is the new photo's id (a random one when nil; the demo catalog
/// passes stable ids).
public struct PhotoUpload: Sendable {
    public var position: Int
    public var bytes: Data
    public var id: UUID?

    public init(position: Int, bytes: Data, id: UUID? = nil) {
        self.position = position
        self.bytes = bytes
        self.id = id
    }
}
