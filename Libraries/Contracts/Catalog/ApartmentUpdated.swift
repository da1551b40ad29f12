import Foundation

/// A published apartment changed (price, description, photos, codes, address…). Listed or not: see the
/// latest published/hidden event.
/// Never carries access details or codes.
public struct ApartmentUpdated: Event {
    public static let messageType: MessageType = "catalog.apartment.updated.v1"

    public var apartmentId: UUID
    /// Telegram user id of the owning realtor.
    public var realtorId: Int64
    public var cityId: Int
    public var districtId: Int
    public var apartmentClass: ApartmentClass
    /// 1…4, 4 meaning «4+».
    public var rooms: Int
    /// Integer tiyn (1 ₸ = 100 tiyn).
    public var pricePerNightTiyn: Int64
    /// The realtor's contact phone for this apartment, E.164 (`+77011234567`); absent from events published before
    /// it was added. Not secret: the notifier gives it to a paying guest when the door codes are late.
    public var realtorPhone: String?
    public var occurredAt: Date

    public init(apartmentId: UUID, realtorId: Int64, cityId: Int, districtId: Int, apartmentClass: ApartmentClass,
                rooms: Int, pricePerNightTiyn: Int64, realtorPhone: String? = nil, occurredAt: Date)
    {
        self.apartmentId = apartmentId
        self.realtorId = realtorId
        self.cityId = cityId
        self.districtId = districtId
        self.apartmentClass = apartmentClass
        self.rooms = rooms
        self.pricePerNightTiyn = pricePerNightTiyn
        self.realtorPhone = realtorPhone
        self.occurredAt = occurredAt
    }

    enum CodingKeys: String, CodingKey {
        case apartmentId, realtorId, cityId, districtId, rooms, pricePerNightTiyn, realtorPhone, occurredAt
        case apartmentClass = "class"
    }
}
