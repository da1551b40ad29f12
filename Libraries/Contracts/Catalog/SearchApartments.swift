import Foundation

/// RPC: the listed apartments (published and not hidden) of a city matching the filters, cheapest first
/// (price, then id: a stable order). Availability for dates is not checked here: the gateway asks booking.
///
/// A nil filter means «Любой». `rooms` 4 means «4+». Unknown city, or a district of another city: `not_found`;
/// `rooms` outside 1…4 or `limit` < 1: `bad_request`. `limit` above ``maximumLimit`` is lowered to it.
public struct SearchApartments: RPCRequest {
    public typealias Response = ApartmentSearchResults
    public static let messageType: MessageType = "catalog.apartments.search.v1"
    public static let destination: ServiceName = .catalog
    /// The most apartments one search returns.
    public static let maximumLimit = 1000

    public var cityId: Int
    public var districtId: Int?
    public var apartmentClass: ApartmentClass?
    /// 1, 2, 3, or 4 meaning four rooms or more.
    public var rooms: Int?
    public var limit: Int

    public init(cityId: Int, districtId: Int? = nil, apartmentClass: ApartmentClass? = nil, rooms: Int? = nil,
                limit: Int = SearchApartments.maximumLimit)
    {
        self.cityId = cityId
        self.districtId = districtId
        self.apartmentClass = apartmentClass
        self.rooms = rooms
        self.limit = limit
    }

    /// A request without `limit` asks for up to ``maximumLimit``.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        cityId = try container.decode(Int.self, forKey: .cityId)
        districtId = try container.decodeIfPresent(Int.self, forKey: .districtId)
        apartmentClass = try container.decodeIfPresent(ApartmentClass.self, forKey: .apartmentClass)
        rooms = try container.decodeIfPresent(Int.self, forKey: .rooms)
        limit = try container.decodeIfPresent(Int.self, forKey: .limit) ?? Self.maximumLimit
    }

    enum CodingKeys: String, CodingKey {
        case cityId, districtId, rooms, limit
        case apartmentClass = "class"
    }
}

/// Reply to ``SearchApartments``.
public struct ApartmentSearchResults: Message {
    public static let messageType: MessageType = "catalog.apartments.search.reply.v1"

    public var apartments: [ApartmentSummary]
    /// True when more apartments matched than the (possibly lowered) limit.
    public var truncated: Bool

    public init(apartments: [ApartmentSummary], truncated: Bool) {
        self.apartments = apartments
        self.truncated = truncated
    }
}
