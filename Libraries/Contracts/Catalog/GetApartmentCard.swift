import Foundation

/// RPC: what a guest sees on an apartment's card. Never the address or access details: those are revealed
/// only after payment (``RevealApartmentAccess``). Unknown apartment: `not_found`.
///
/// Pass `botId` (the numeric id of the bot, the part of its token before `:`) to get the Telegram `file_id`s
/// cached for that bot; photos without one must be uploaded (bytes from ``GetApartmentPhoto``) and the
/// resulting `file_id` recorded with ``RecordPhotoFileId``.
public struct GetApartmentCard: RPCRequest {
    public typealias Response = ApartmentCard
    public static let messageType: MessageType = "catalog.apartment.card.v1"
    public static let destination: ServiceName = .catalog

    public var apartmentId: UUID
    public var botId: Int64?

    public init(apartmentId: UUID, botId: Int64? = nil) {
        self.apartmentId = apartmentId
        self.botId = botId
    }
}

/// Reply to ``GetApartmentCard``.
public struct ApartmentCard: Message {
    public static let messageType: MessageType = "catalog.apartment.card.reply.v1"

    public var id: UUID
    /// Telegram user id of the owning realtor.
    public var realtorId: Int64
    public var cityId: Int
    public var cityName: String
    public var districtId: Int
    public var districtName: String
    public var apartmentClass: ApartmentClass
    /// 1…4, 4 meaning «4+».
    public var rooms: Int
    /// Integer tiyn (1 ₸ = 100 tiyn).
    public var pricePerNightTiyn: Int64
    /// The realtor's text, in Russian.
    public var description: String
    /// Average review rating 1…5 rounded to two decimals; nil while there are no reviews.
    public var ratingAverage: Double?
    public var ratingCount: Int
    /// Published and not hidden: bookable. A card of an unlisted apartment is still answered (old bookings).
    public var isListed: Bool
    /// By position 1…6.
    public var photos: [ApartmentCardPhoto]
    /// The apartment's status from its bookings (PRODUCT.md, «Apartment status lifecycle»): `free` «Свободна»,
    /// `booked` «Забронирована» (a paid booking is next), `occupied` «Занята» (a stay is in progress). Absent in
    /// replies of catalogs that predate it. Search availability for dates is decided by booking, not by this.
    public var occupancy: String?

    public init(id: UUID, realtorId: Int64, cityId: Int, cityName: String, districtId: Int, districtName: String,
                apartmentClass: ApartmentClass, rooms: Int, pricePerNightTiyn: Int64, description: String,
                ratingAverage: Double?, ratingCount: Int, isListed: Bool, photos: [ApartmentCardPhoto],
                occupancy: String? = nil)
    {
        self.id = id
        self.realtorId = realtorId
        self.cityId = cityId
        self.cityName = cityName
        self.districtId = districtId
        self.districtName = districtName
        self.apartmentClass = apartmentClass
        self.rooms = rooms
        self.pricePerNightTiyn = pricePerNightTiyn
        self.description = description
        self.ratingAverage = ratingAverage
        self.ratingCount = ratingCount
        self.isListed = isListed
        self.photos = photos
        self.occupancy = occupancy
    }

    enum CodingKeys: String, CodingKey {
        case id, realtorId, cityId, cityName, districtId, districtName, rooms, pricePerNightTiyn, description
        case ratingAverage, ratingCount, isListed, photos, occupancy
        case apartmentClass = "class"
    }
}
