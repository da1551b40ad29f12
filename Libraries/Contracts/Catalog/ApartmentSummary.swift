import Foundation

/// One search result: what the gateway needs to count per choice and to page through cards.
public struct ApartmentSummary: Codable, Sendable, Equatable {
    public var id: UUID
    public var cityId: Int
    public var districtId: Int
    public var districtName: String
    public var apartmentClass: ApartmentClass
    /// 1…4, 4 meaning «4+».
    public var rooms: Int
    /// Integer tiyn (1 ₸ = 100 tiyn).
    public var pricePerNightTiyn: Int64
    /// Average review rating 1…5 rounded to two decimals; nil while there are no reviews.
    public var ratingAverage: Double?
    public var ratingCount: Int

    public init(id: UUID, cityId: Int, districtId: Int, districtName: String, apartmentClass: ApartmentClass,
                rooms: Int, pricePerNightTiyn: Int64, ratingAverage: Double?, ratingCount: Int)
    {
        self.id = id
        self.cityId = cityId
        self.districtId = districtId
        self.districtName = districtName
        self.apartmentClass = apartmentClass
        self.rooms = rooms
        self.pricePerNightTiyn = pricePerNightTiyn
        self.ratingAverage = ratingAverage
        self.ratingCount = ratingCount
    }

    enum CodingKeys: String, CodingKey {
        case id, cityId, districtId, districtName, rooms, pricePerNightTiyn, ratingAverage, ratingCount
        case apartmentClass = "class"
    }
}
