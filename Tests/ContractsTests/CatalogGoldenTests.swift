import Contracts
import Foundation
import Testing

/// The catalog's messages are pinned by golden files (`Golden/<type>.json`), like every message type.
@Suite struct CatalogGoldenTests {
    static let apartmentId = UUID(uuidString: "5C0A7E2B-1D4F-5A8B-9C3E-2F1A0B9C8D7E")!
    static let photoId = UUID(uuidString: "0B8F2C4D-6E1A-5B3C-8D9E-7F6A5B4C3D2E")!
    static let bookingId = UUID(uuidString: "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D")!
    static let occurredAt = ContractsCoding.parseInstant("2026-11-25T09:00:00.250Z")!

    /// Requests and commands come from the gateway, replies and events from the catalog.
    static func envelope<M: Message>(_ message: M) -> Envelope<M> {
        let producer: ServiceName = M.self is any RPCRequest.Type || M.self is any Command.Type ? .gateway : .catalog
        return Envelope(message, producer: producer, messageId: UUID(uuidString: "6B1E6D7A-2F57-4C0B-9B8E-1D2C3B4A5F60")!,
                 occurredAt: occurredAt)
    }

    /// Encodes to its golden file, and decodes from it to the same value.
    static func check<M: Message>(_ message: M) throws {
        let envelope = envelope(message)
        let golden = try GoldenMessageTests.golden(M.messageType)
        let encoded = try ContractsCoding.encoder.encode(envelope)
        #expect(String(decoding: encoded, as: UTF8.self) == String(decoding: golden, as: UTF8.self), "\(M.messageType)")
        #expect(try RawEnvelope(body: golden).decode(M.self) == envelope, "\(M.messageType)")
    }

    static let summary = ApartmentSummary(id: apartmentId, cityId: 2, districtId: 204, districtName: "Бостандыкский",
                                          apartmentClass: .business, rooms: 2, pricePerNightTiyn: 2_750_000,
                                          ratingAverage: 4.67, ratingCount: 3)

    @Test func listCities() throws {
        try Self.check(ListCities())
        try Self.check(CityList(cities: [CatalogCity(id: 1, slug: "astana", name: "Астана"),
                                         CatalogCity(id: 2, slug: "almaty", name: "Алматы")]))
    }

    @Test func listDistricts() throws {
        try Self.check(ListDistricts(cityId: 2))
        try Self.check(DistrictList(cityId: 2, districts: [
            CatalogDistrict(id: 204, cityId: 2, slug: "bostandyk", name: "Бостандыкский"),
            CatalogDistrict(id: 206, cityId: 2, slug: "medeu", name: "Медеуский"),
        ]))
    }

    @Test func searchApartments() throws {
        try Self.check(SearchApartments(cityId: 2, districtId: 204, apartmentClass: .business, rooms: 4, limit: 500))
        try Self.check(ApartmentSearchResults(apartments: [
            Self.summary,
            ApartmentSummary(id: Self.photoId, cityId: 2, districtId: 206, districtName: "Медеуский",
                             apartmentClass: .premium, rooms: 4, pricePerNightTiyn: 5_800_000, ratingAverage: nil,
                             ratingCount: 0),
        ], truncated: false))
    }

    @Test func searchWithoutFiltersOmitsThem() throws {
        let json = String(decoding: try ContractsCoding.encoder.encode(SearchApartments(cityId: 3)), as: UTF8.self)
        #expect(json == #"{"cityId":3,"limit":1000}"#)
        let minimal = try ContractsCoding.decoder.decode(SearchApartments.self, from: Data(#"{"cityId":3}"#.utf8))
        #expect(minimal == SearchApartments(cityId: 3))
    }

    @Test func apartmentCard() throws {
        try Self.check(GetApartmentCard(apartmentId: Self.apartmentId, botId: 7_000_000_001))
        try Self.check(ApartmentCard(
            id: Self.apartmentId, realtorId: 9_100_000_003, cityId: 2, cityName: "Алматы", districtId: 204,
            districtName: "Бостандыкский", apartmentClass: .business, rooms: 2, pricePerNightTiyn: 2_750_000,
            description: "Просторная двухкомнатная квартира.", ratingAverage: 4.8, ratingCount: 23, isListed: true,
            photos: [ApartmentCardPhoto(id: Self.photoId, position: 1, telegramFileId: "AgACAgIAAxkBAAIB"),
                     ApartmentCardPhoto(id: Self.bookingId, position: 2, telegramFileId: nil)]))
    }

    @Test func apartmentPhoto() throws {
        try Self.check(GetApartmentPhoto(photoId: Self.photoId))
        try Self.check(ApartmentPhotoData(
            photoId: Self.photoId, apartmentId: Self.apartmentId, position: 1, mimeType: "image/png", width: 1280,
            height: 960, sha256: String(repeating: "ab", count: 32), bytes: Data([0x89, 0x50, 0x4E, 0x47])))
    }

    @Test func recordPhotoFileId() throws {
        try Self.check(RecordPhotoFileId(photoId: Self.photoId, botId: 7_000_000_001, fileId: "AgACAgIAAxkBAAIB"))
    }

    @Test func apartmentAccess() throws {
        try Self.check(RevealApartmentAccess(apartmentId: Self.apartmentId,
                                             requester: AccessRequester(role: .guest, userId: 123_456_789),
                                             bookingId: Self.bookingId, purpose: .bookingPaid, channel: .telegram))
        try Self.check(ApartmentAccessDetails(apartmentId: Self.apartmentId, address: "ул. Тимирязева, 42",
                                              entrance: "3", floor: 5, apartmentNumber: "21", intercomCode: "21К4821",
                                              safeCode: "5930", realtorPhone: "+77055550303", auditId: 1042))
    }

    @Test func apartmentEvents() throws {
        let at = ContractsCoding.parseInstant("2026-11-25T08:59:59.125Z")!
        try Self.check(ApartmentPublished(apartmentId: Self.apartmentId, realtorId: 9_100_000_003, cityId: 2,
                                          districtId: 204, apartmentClass: .business, rooms: 2,
                                          pricePerNightTiyn: 2_750_000, realtorPhone: "+77055550303", occurredAt: at))
        try Self.check(ApartmentUpdated(apartmentId: Self.apartmentId, realtorId: 9_100_000_003, cityId: 2,
                                        districtId: 204, apartmentClass: .business, rooms: 2,
                                        pricePerNightTiyn: 2_900_000, realtorPhone: "+77055550303", occurredAt: at))
        // Published before realtorPhone existed: the field is absent and decodes as nil.
        try Self.check(ApartmentHidden(apartmentId: Self.apartmentId, realtorId: 9_100_000_003, cityId: 2,
                                       districtId: 204, apartmentClass: .business, rooms: 2,
                                       pricePerNightTiyn: 2_900_000, occurredAt: at))
    }

    @Test func eventsNeverCarryAccessDetails() throws {
        let event = ApartmentPublished(apartmentId: Self.apartmentId, realtorId: 1, cityId: 2, districtId: 204,
                                       apartmentClass: .comfort, rooms: 1, pricePerNightTiyn: 1, occurredAt: Self.occurredAt)
        let keys = try JSONSerialization.jsonObject(with: try ContractsCoding.encoder.encode(event)) as? [String: Any]
        #expect(Set(keys?.keys.map { $0 } ?? []) == ["apartmentId", "realtorId", "cityId", "districtId", "class", "rooms",
                                                     "pricePerNightTiyn", "occurredAt"])
    }
}
