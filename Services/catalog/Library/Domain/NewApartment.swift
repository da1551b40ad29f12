import Contracts
import Foundation

/// The first facts of a new apartment (the first steps of the realtor's dialogue).
public struct NewApartment: Sendable, Equatable {
    public var id: UUID
    /// Telegram user id of the owning realtor.
    public var realtorId: Int64
    public var cityId: Int
    public var districtId: Int
    public var apartmentClass: ApartmentClass
    public var rooms: Int
    public var pricePerNightTiyn: Int64

    public init(id: UUID = UUID(), realtorId: Int64, cityId: Int, districtId: Int, apartmentClass: ApartmentClass,
                rooms: Int, pricePerNightTiyn: Int64)
    {
        self.id = id
        self.realtorId = realtorId
        self.cityId = cityId
        self.districtId = districtId
        self.apartmentClass = apartmentClass
        self.rooms = rooms
        self.pricePerNightTiyn = pricePerNightTiyn
    }
}
