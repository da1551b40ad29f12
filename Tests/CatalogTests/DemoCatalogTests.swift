@testable import Catalog
@testable import CatalogDemo
import Contracts
import Database
import Foundation
import Testing

/// `zhilyego-ops demo-catalog` loads this: a realistic catalog, idempotently.
@Suite struct DemoCatalogTests {
    @Test func theDemoDefinitionCoversEveryDistrictClassAndRoomCount() {
        let apartments = DemoCatalog.apartments
        #expect(apartments.count >= 40)
        #expect(Set(apartments.map(\.id)).count == apartments.count)
        #expect(Set(apartments.map(\.districtId)).count == 19)
        for cityId in 1...3 {
            let city = apartments.filter { $0.cityId == cityId }
            #expect(Set(city.map(\.apartmentClass)) == Set(ApartmentClass.allCases), "city \(cityId)")
            #expect(Set(city.map(\.rooms)) == [1, 2, 3, 4], "city \(cityId)")
        }
        #expect(apartments.allSatisfy { (1_000_000...6_500_000).contains($0.pricePerNightTiyn) })
        #expect(apartments.allSatisfy { $0.pricePerNightTiyn % 50_000 == 0 }, "whole 500 ₸ steps")
        #expect(apartments.allSatisfy { PhoneNumber.normalize($0.realtorPhone)?.hasPrefix("+77") == true })
    }

    @Test func loadingTwiceGivesTheSameCatalog() async throws {
        try await withCatalogDatabase { catalog in
            let loader = DemoCatalogLoader(database: catalog.pool, keyring: catalog.keyring, logger: testLogger)
            let first = try await loader.load()
            #expect(first.created == DemoCatalog.apartments.count && first.events == DemoCatalog.apartments.count)
            let snapshot = try await self.snapshot(catalog)
            let second = try await loader.load()
            #expect(second.unchanged == DemoCatalog.apartments.count)
            #expect(second.created == 0 && second.updated == 0 && second.events == 0)
            #expect(try await self.snapshot(catalog) == snapshot)

            let counts = try #require(try await catalog.pool.queryFirst("""
                SELECT (SELECT count(*) FROM apartments) AS apartments,
                       (SELECT count(*) FROM apartments WHERE published AND NOT hidden) AS listed,
                       (SELECT count(DISTINCT district_id) FROM apartments) AS districts,
                       (SELECT count(DISTINCT class) FROM apartments) AS classes,
                       (SELECT count(DISTINCT rooms) FROM apartments) AS rooms,
                       (SELECT count(*) FROM apartment_photos) AS photos,
                       (SELECT count(*) FROM photo_blobs) AS blobs,
                       (SELECT count(*) FROM outbox WHERE message_type = 'catalog.apartment.published.v1') AS events
                """))
            let apartments: Int = try counts.decode("apartments")
            #expect(apartments >= 40 && apartments == DemoCatalog.apartments.count)
            #expect(try counts.decode("listed", as: Int.self) == apartments)
            #expect(try counts.decode("districts", as: Int.self) == 19)
            #expect(try counts.decode("classes", as: Int.self) == 3)
            #expect(try counts.decode("rooms", as: Int.self) == 4)
            #expect(try counts.decode("photos", as: Int.self) == apartments * 6)
            #expect(try counts.decode("blobs", as: Int.self) == apartments * 6, "every picture is distinct")
            #expect(try counts.decode("events", as: Int.self) == apartments)

            let perApartment = try await catalog.pool.query("""
                SELECT apartment_id, count(DISTINCT blob_sha256) AS distinct_photos, min(position) AS first,
                       max(position) AS last
                FROM apartment_photos GROUP BY apartment_id
                """)
            for row in perApartment {
                #expect(try row.decode("distinct_photos", as: Int.self) == 6)
                #expect(try row.decode("first", as: Int.self) == 1 && row.decode("last", as: Int.self) == 6)
            }

            // The photos are real 1280×960 PNGs; the codes decrypt to the demo's.
            let demo = DemoCatalog.apartments[7]
            let card = try await catalog.queries().card(GetApartmentCard(apartmentId: demo.id))
            let photo = try #require(try await PostgresPhotoRepository().photo(card.photos[2].id, on: catalog.pool))
            #expect(photo.width == 1280 && photo.height == 960 && photo.mimeType == "image/png")
            let details = try await catalog.access().reveal(envelope(RevealApartmentAccess(
                apartmentId: demo.id, requester: AccessRequester(role: .superadmin, userId: 1), purpose: .adminView,
                channel: .webAdmin)), logger: testLogger)
            #expect(details.intercomCode == demo.intercomCode && details.safeCode == demo.safeCode)
            #expect(details.address == demo.address)
        }
    }

    @Test func reloadingRestoresAnApartmentChangedMeanwhile() async throws {
        try await withCatalogDatabase { catalog in
            let demo = Array(DemoCatalog.apartments.prefix(2))
            let loader = DemoCatalogLoader(database: catalog.pool, keyring: catalog.keyring, logger: testLogger)
            _ = try await loader.load(demo)
            try await catalog.lifecycle().hide(demo[0].id, by: .realtor(demo[0].realtorId))
            try await catalog.lifecycle().edit(demo[1].id, ApartmentEdit(pricePerNightTiyn: 99_900), by: .system)
            let summary = try await loader.load(demo)
            #expect(summary.updated == 2 && summary.unchanged == 0)
            let listed = try await catalog.queries().search(SearchApartments(cityId: demo[0].cityId)).apartments
            #expect(Set(listed.map(\.id)) == Set(demo.map(\.id)))
            #expect(listed.first { $0.id == demo[1].id }?.pricePerNightTiyn == demo[1].pricePerNightTiyn)
        }
    }

    @Test func photosAreDeterministicAndDistinct() throws {
        let apartment = DemoCatalog.apartments[0]
        let once = try DemoPhotoRenderer.render(apartment)
        let twice = try DemoPhotoRenderer.render(apartment)
        #expect(once == twice)
        #expect(Set(once).count == 6)
        for bytes in once {
            let image = try PhotoImage(validating: bytes)
            #expect(image.width == 1280 && image.height == 960)
        }
    }

    /// Everything a reload could disturb: rows (codes as stored bytes), photos and ids.
    private func snapshot(_ catalog: CatalogFixture) async throws -> [String] {
        let apartments = try await catalog.pool.query("""
            SELECT id, realtor_id, district_id, class, rooms, price_per_night_tiyn, address, entrance, floor,
                   apartment_number, encode(intercom_code_sealed, 'hex') AS intercom, encode(safe_code_sealed, 'hex') AS safe,
                   description, realtor_phone, published, hidden, updated_at
            FROM apartments ORDER BY id
            """).map { row in row.columnNames.map { row[$0] ?? "NULL" }.joined(separator: "|") }
        let photos = try await catalog.pool.query(
            "SELECT id, apartment_id, position, blob_sha256 FROM apartment_photos ORDER BY id")
            .map { row in row.columnNames.map { row[$0] ?? "NULL" }.joined(separator: "|") }
        return apartments + photos
    }
}
