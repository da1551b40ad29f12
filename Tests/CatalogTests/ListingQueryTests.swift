@testable import Catalog
import Contracts
import Database
import Foundation
import Testing

/// Cities, districts and search against the real schema.
@Suite struct ListingQueryTests {
    @Test func listsTheThreeCitiesInOrder() async throws {
        try await withCatalogDatabase { catalog in
            let cities = try await catalog.queries().cities(ListCities()).cities
            #expect(cities.map(\.name) == ["Астана", "Алматы", "Шымкент"])
            #expect(cities.map(\.slug) == ["astana", "almaty", "shymkent"])
        }
    }

    @Test(arguments: [
        (1, ["Алматы", "Байконур", "Есиль", "Нура", "Сарайшык", "Сарыарка"]),
        (2, ["Алатауский", "Алмалинский", "Ауэзовский", "Бостандыкский", "Жетысуский", "Медеуский", "Наурызбайский",
             "Турксибский"]),
        (3, ["Абайский", "Аль-Фарабийский", "Енбекшинский", "Каратауский", "Туран"]),
    ])
    func listsTheDistrictsOfEachCityFromTheDatabase(cityId: Int, names: [String]) async throws {
        try await withCatalogDatabase { catalog in
            let list = try await catalog.queries().districts(ListDistricts(cityId: cityId))
            #expect(list.cityId == cityId)
            #expect(list.districts.map(\.name) == names)
            #expect(list.districts.allSatisfy { $0.cityId == cityId })
            // They are rows, not constants: a renamed district shows up as renamed.
            try await catalog.pool.execute("UPDATE districts SET name = name || '!' WHERE city_id = \(cityId)")
            let renamed = try await catalog.queries().districts(ListDistricts(cityId: cityId))
            #expect(renamed.districts.map(\.name) == names.map { $0 + "!" })
        }
    }

    @Test func districtsOfAnUnknownCityAreNotFound() async throws {
        try await withCatalogDatabase { catalog in
            await #expect(throws: CatalogError.cityNotFound(9)) {
                try await catalog.queries().districts(ListDistricts(cityId: 9))
            }
        }
    }

    @Test func searchFiltersByDistrictClassAndRoomsAndSkipsUnlistedApartments() async throws {
        try await withCatalogDatabase { catalog in
            // Алматы: Бостандыкский (204), Медеуский (206); Астана: Есиль (103).
            let a = try await catalog.makeApartment(districtId: 204, apartmentClass: .comfort, rooms: 1, priceTenge: 15_000)
            let b = try await catalog.makeApartment(districtId: 204, apartmentClass: .business, rooms: 2, priceTenge: 25_000)
            let c = try await catalog.makeApartment(districtId: 206, apartmentClass: .comfort, rooms: 4, priceTenge: 30_000)
            let d = try await catalog.makeApartment(districtId: 206, apartmentClass: .premium, rooms: 4, priceTenge: 50_000)
            try await catalog.makeApartment(districtId: 204, apartmentClass: .comfort, rooms: 1, priceTenge: 14_000,
                                            hidden: true)
            try await catalog.makeApartment(districtId: 204, apartmentClass: .comfort, rooms: 1, priceTenge: 13_000,
                                            publish: false)
            try await catalog.makeApartment(cityId: 1, districtId: 103, apartmentClass: .comfort, rooms: 1,
                                            priceTenge: 12_000)
            let queries = catalog.queries()
            func ids(_ request: SearchApartments) async throws -> [UUID] {
                try await queries.search(request).apartments.map(\.id)
            }

            #expect(try await ids(SearchApartments(cityId: 2)) == [a.id, b.id, c.id, d.id])
            #expect(try await ids(SearchApartments(cityId: 2, districtId: 204)) == [a.id, b.id])
            #expect(try await ids(SearchApartments(cityId: 2, apartmentClass: .comfort)) == [a.id, c.id])
            #expect(try await ids(SearchApartments(cityId: 2, rooms: 1)) == [a.id])
            #expect(try await ids(SearchApartments(cityId: 2, rooms: 4)) == [c.id, d.id], "4 means 4+")
            #expect(try await ids(SearchApartments(cityId: 2, districtId: 206, apartmentClass: .premium, rooms: 4))
                == [d.id])
            let none = try await ids(SearchApartments(cityId: 2, districtId: 204, rooms: 3))
            #expect(none.isEmpty)

            let first = try #require(try await queries.search(SearchApartments(cityId: 2)).apartments.first)
            #expect(first == ApartmentSummary(id: a.id, cityId: 2, districtId: 204, districtName: "Бостандыкский",
                                              apartmentClass: .comfort, rooms: 1, pricePerNightTiyn: 1_500_000,
                                              ratingAverage: nil, ratingCount: 0))
        }
    }

    @Test func searchIsOrderedByPriceThenIdAndCappedByTheLimit() async throws {
        try await withCatalogDatabase { catalog in
            var made: [Apartment] = []
            for _ in 0..<3 { made.append(try await catalog.makeApartment(priceTenge: 20_000)) }
            made.append(try await catalog.makeApartment(priceTenge: 10_000))
            let expected = [made[3].id] + made.prefix(3).map(\.id).sorted { $0.uuidString.lowercased() < $1.uuidString.lowercased() }
            let all = try await catalog.queries().search(SearchApartments(cityId: 2))
            #expect(all.apartments.map(\.id) == expected)
            #expect(!all.truncated)
            let two = try await catalog.queries().search(SearchApartments(cityId: 2, limit: 2))
            #expect(two.apartments.map(\.id) == Array(expected.prefix(2)))
            #expect(two.truncated)
        }
    }

    @Test func searchShowsTheRatingAggregate() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment()
            try await catalog.pool.execute("UPDATE apartments SET rating_sum = 14, rating_count = 3 WHERE id = \(apartment.id)")
            let found = try await catalog.queries().search(SearchApartments(cityId: 2)).apartments
            #expect(found.first?.ratingAverage == 4.67)
            #expect(found.first?.ratingCount == 3)
        }
    }

    @Test func searchRefusesBadFilters() async throws {
        try await withCatalogDatabase { catalog in
            let queries = catalog.queries()
            await #expect(throws: CatalogError.cityNotFound(4)) { try await queries.search(SearchApartments(cityId: 4)) }
            await #expect(throws: CatalogError.districtNotFound(cityId: 2, districtId: 103)) {
                try await queries.search(SearchApartments(cityId: 2, districtId: 103))
            }
            for request in [SearchApartments(cityId: 2, rooms: 0), SearchApartments(cityId: 2, rooms: 5),
                            SearchApartments(cityId: 2, limit: 0)]
            {
                await #expect(throws: CatalogError.self) { try await queries.search(request) }
            }
        }
    }

    @Test func cardShowsNoAddressButPhotosWithTheBotsFileIds() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(districtId: 206, apartmentClass: .premium, rooms: 3)
            let photos = PostgresPhotoRepository()
            let first = try #require(apartment.photo(at: 1))
            #expect(try await photos.recordFileId(photoId: first.id, botId: 42, fileId: "AgAC-first", on: catalog.pool))
            #expect(try await photos.recordFileId(photoId: first.id, botId: 42, fileId: "AgAC-again", on: catalog.pool))
            #expect(try await photos.recordFileId(photoId: first.id, botId: 43, fileId: "AgAC-other", on: catalog.pool))
            let lost = try await photos.recordFileId(photoId: UUID(), botId: 42, fileId: "AgAC-lost", on: catalog.pool)
            #expect(!lost)

            let card = try await catalog.queries().card(GetApartmentCard(apartmentId: apartment.id, botId: 42))
            #expect(card.cityName == "Алматы")
            #expect(card.districtName == "Медеуский")
            #expect(card.apartmentClass == .premium && card.rooms == 3)
            #expect(card.pricePerNightTiyn == apartment.pricePerNightTiyn)
            #expect(card.isListed)
            #expect(card.photos.map(\.position) == [1, 2, 3, 4, 5, 6])
            #expect(card.photos.map(\.id) == apartment.photos.map(\.id))
            #expect(card.photos.map(\.telegramFileId) == ["AgAC-again", nil, nil, nil, nil, nil])
            let encoded = String(decoding: try JSONEncoder().encode(card), as: UTF8.self)
            #expect(!encoded.contains("Аль-Фараби, 77") && !encoded.contains("45К1234"), "no access details on a card")

            let withoutBot = try await catalog.queries().card(GetApartmentCard(apartmentId: apartment.id))
            #expect(withoutBot.photos.allSatisfy { $0.telegramFileId == nil })
            await #expect(throws: CatalogError.apartmentNotFound(first.id)) {
                try await catalog.queries().card(GetApartmentCard(apartmentId: first.id))
            }
        }
    }

    @Test func photoBytesComeBackAsStored() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment()
            let stored = try #require(apartment.photo(at: 4))
            let photo = try #require(try await PostgresPhotoRepository().photo(stored.id, on: catalog.pool))
            #expect(photo.apartmentId == apartment.id && photo.position == 4)
            #expect(photo.mimeType == "image/png" && photo.width == 64 && photo.height == 48)
            #expect(photo.sha256 == stored.sha256)
            #expect(try PhotoImage(validating: photo.bytes).sha256 == stored.sha256)
        }
    }
}
