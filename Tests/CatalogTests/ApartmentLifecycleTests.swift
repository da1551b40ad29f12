@testable import Catalog
import Contracts
import Database
import Foundation
import Testing

/// Creating and changing apartments: stored atomically, with their events in the outbox.
@Suite struct ApartmentLifecycleTests {
    @Test func publishingWritesThePublishedEventWithoutCodes() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 77, districtId: 206, apartmentClass: .business,
                                                            rooms: 3, priceTenge: 31_500, intercom: "12К3456",
                                                            safe: "0042")
            let rows = try await catalog.outbox()
            #expect(rows.map(\.type) == [ApartmentPublished.messageType.rawValue])
            let raw = try RawEnvelope(body: Data(try #require(rows.first).body.utf8))
            let event = try raw.decode(ApartmentPublished.self).payload
            #expect(event.apartmentId == apartment.id && event.realtorId == 77)
            #expect(event.cityId == 2 && event.districtId == 206)
            #expect(event.apartmentClass == .business && event.rooms == 3 && event.pricePerNightTiyn == 3_150_000)
            #expect(!rows[0].body.contains("12К3456") && !rows[0].body.contains("0042"))
            #expect(raw.metadata.producer == .catalog)
        }
    }

    @Test func changesOfAListedApartmentBecomeUpdatedHiddenAndPublishedEvents() async throws {
        try await withCatalogDatabase { catalog in
            let lifecycle = catalog.lifecycle()
            let apartment = try await catalog.makeApartment(realtorId: 5)
            try await lifecycle.edit(apartment.id, ApartmentEdit(pricePerNightTiyn: 2_500_000), by: .realtor(5))
            try await lifecycle.edit(apartment.id, ApartmentEdit(pricePerNightTiyn: 2_500_000), by: .realtor(5))
            try await lifecycle.hide(apartment.id, by: .superadmin(1))
            try await lifecycle.hide(apartment.id, by: .realtor(5))
            try await lifecycle.show(apartment.id, by: .realtor(5))
            #expect(try await catalog.outbox().map(\.type) == [
                "catalog.apartment.published.v1", "catalog.apartment.updated.v1", "catalog.apartment.hidden.v1",
                "catalog.apartment.published.v1",
            ])
            let stored = try #require(try await PostgresApartmentRepository().load(apartment.id, forUpdate: false,
                                                                                  on: catalog.pool))
            #expect(stored.pricePerNightTiyn == 2_500_000 && stored.isListed)
        }
    }

    @Test func draftsChangeWithoutEvents() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(publish: false)
            try await catalog.lifecycle().edit(apartment.id, ApartmentEdit(rooms: 4, description: "Другое описание."),
                                               by: .realtor(apartment.realtorId))
            let rows = try await catalog.outbox()
            #expect(rows.isEmpty)
        }
    }

    @Test func anIncompleteApartmentIsNotPublishedAndNothingIsStored() async throws {
        try await withCatalogDatabase { catalog in
            let new = NewApartment(realtorId: 9, cityId: 3, districtId: 302, apartmentClass: .comfort, rooms: 1,
                                   pricePerNightTiyn: 1_200_000)
            await #expect(throws: CatalogError.self) {
                try await catalog.lifecycle().create(new, edit: ApartmentEdit(address: "пр. Тауке хана, 5"),
                                                     publish: true, by: .realtor(9))
            }
            #expect(try await PostgresApartmentRepository().load(new.id, forUpdate: false, on: catalog.pool) == nil)
            let draft = try await catalog.lifecycle().create(new, by: .realtor(9))
            do {
                try await catalog.lifecycle().publish(draft.id, by: .realtor(9))
                Issue.record("publishing an incomplete apartment succeeded")
            } catch let CatalogError.incompleteForPublishing(missing) {
                #expect(missing.contains("intercomCode") && missing.contains("photos (0 of 6)"))
            }
        }
    }

    @Test func realtorsChangeOnlyTheirOwnApartments() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 100)
            await #expect(throws: CatalogError.forbidden("apartment \(apartment.id) belongs to another realtor")) {
                try await catalog.lifecycle().hide(apartment.id, by: .realtor(200))
            }
            await #expect(throws: CatalogError.self) {
                try await catalog.lifecycle().create(
                    NewApartment(realtorId: 100, cityId: 2, districtId: 204, apartmentClass: .comfort, rooms: 1,
                                 pricePerNightTiyn: 1_000_000), by: .realtor(200))
            }
            try await catalog.lifecycle().hide(apartment.id, by: .superadmin(1))
        }
    }

    @Test func aDistrictMustBelongToTheCity() async throws {
        try await withCatalogDatabase { catalog in
            await #expect(throws: CatalogError.districtNotFound(cityId: 1, districtId: 204)) {
                try await catalog.lifecycle().create(
                    NewApartment(realtorId: 1, cityId: 1, districtId: 204, apartmentClass: .comfort, rooms: 1,
                                 pricePerNightTiyn: 1_000_000), by: .realtor(1))
            }
            // Moving by district moves the city along.
            let apartment = try await catalog.makeApartment(realtorId: 1)
            let moved = try await catalog.lifecycle().edit(apartment.id, ApartmentEdit(districtId: 305), by: .realtor(1))
            #expect(moved.cityId == 3 && moved.districtId == 305)
        }
    }

    @Test func photosAreStoredOncePerPictureAndReplacedByPosition() async throws {
        try await withCatalogDatabase { catalog in
            let first = try await catalog.makeApartment(realtorId: 1)
            // Another apartment with the very same six pictures shares their bytes.
            let sameBytes = try await catalog.pool.query("""
                SELECT b.bytes FROM apartment_photos p JOIN photo_blobs b ON b.sha256 = p.blob_sha256
                WHERE p.apartment_id = \(first.id) ORDER BY p.position
                """).map { try $0.decode("bytes", as: Data.self) }
            let second = try await catalog.lifecycle().create(
                NewApartment(realtorId: 1, cityId: 2, districtId: 204, apartmentClass: .comfort, rooms: 1,
                             pricePerNightTiyn: 1_000_000),
                edit: ApartmentEdit(photos: sameBytes.enumerated().map { PhotoUpload(position: $0 + 1, bytes: $1) }),
                by: .realtor(1))
            #expect(second.photos.map(\.sha256) == first.photos.map(\.sha256))
            #expect(Set(second.photos.map(\.id)).isDisjoint(with: first.photos.map(\.id)))
            #expect(try await count("photo_blobs", catalog) == 6)

            let replaced = try await catalog.lifecycle().edit(
                first.id, ApartmentEdit(photos: [PhotoUpload(position: 3, bytes: try TestImages.png(seed: 999_001))]),
                by: .realtor(1))
            #expect(replaced.photo(at: 3)?.id != first.photo(at: 3)?.id)
            #expect(try await count("photo_blobs", catalog) == 7)
            #expect(try await count("apartment_photos", catalog) == 12)

            await #expect(throws: CatalogError.self) {
                try await catalog.lifecycle().edit(
                    first.id, ApartmentEdit(photos: [PhotoUpload(position: 1, bytes: Data("not a photo".utf8))]),
                    by: .realtor(1))
            }
        }
    }

    private func count(_ table: String, _ catalog: CatalogFixture) async throws -> Int {
        try await catalog.pool.queryFirst("SELECT count(*) AS n FROM \(identifier: table)")?.decode("n") ?? -1
    }
}
