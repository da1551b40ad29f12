@testable import Catalog
import Contracts
import Foundation
import Testing

/// The aggregate's invariants, without a database.
@Suite struct ApartmentTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func draft(rooms: Int = 2, price: Int64 = 2_000_000) throws -> Apartment {
        try Apartment(id: UUID(), realtorId: 7, cityId: 2, districtId: 204, apartmentClass: .business, rooms: rooms,
                      pricePerNightTiyn: price, now: now)
    }

    static func photos(_ count: Int) -> [ApartmentPhotoRef] {
        (1...max(1, count)).prefix(count).map {
            ApartmentPhotoRef(id: UUID(), position: $0, sha256: String(repeating: "\($0)", count: 64))
        }
    }

    /// A draft with everything publishing needs (codes sealed with a throwaway key).
    static func complete() throws -> Apartment {
        var apartment = try draft()
        let vault = AccessCodeVault(keyring: try TestKeys.keyring("k1"))
        try apartment.setAddress("ул. Тимирязева, 42", now: now)
        try apartment.setEntrance("3", now: now)
        try apartment.setFloor(5, now: now)
        try apartment.setApartmentNumber("21", now: now)
        try apartment.setDescription("Светлая квартира.", now: now)
        try apartment.setRealtorPhone("8 (701) 234-56-78", now: now)
        apartment.setCode(try vault.seal("21К0000", field: .intercom, apartmentId: apartment.id), field: .intercom, now: now)
        apartment.setCode(try vault.seal("1111", field: .safe, apartmentId: apartment.id), field: .safe, now: now)
        try apartment.placePhotos(photos(6), now: now)
        return apartment
    }

    @Test(arguments: [Int64(0), -100, 1_000_000_001, Int64.max])
    func refusesPricesOutOfRange(price: Int64) {
        #expect(throws: CatalogError.self) { try Self.draft(price: price) }
    }

    @Test(arguments: [Int64(1), 1_500_000, 1_000_000_000])
    func acceptsPositiveSanePrices(price: Int64) throws {
        #expect(try Self.draft(price: price).pricePerNightTiyn == price)
    }

    @Test(arguments: [0, 5, -1])
    func refusesRoomCountsOutsideOneToFour(rooms: Int) {
        #expect(throws: CatalogError.self) { try Self.draft(rooms: rooms) }
    }

    @Test func listsWhatPublishingStillNeeds() throws {
        var apartment = try Self.draft()
        try apartment.placePhotos(Self.photos(5), now: Self.now)
        #expect(throws: CatalogError.incompleteForPublishing(missing: [
            "address", "entrance", "floor", "apartmentNumber", "intercomCode", "safeCode", "description",
            "realtorPhone", "photos (5 of 6)",
        ])) { try apartment.publish(now: Self.now) }
        #expect(!apartment.isPublished)
    }

    @Test func publishingACompleteApartmentRecordsOnePublication() throws {
        var apartment = try Self.complete()
        #expect(apartment.changes.isEmpty, "a draft's edits are no events")
        try apartment.publish(now: Self.now)
        try apartment.publish(now: Self.now)
        #expect(apartment.isListed)
        #expect(apartment.changes == [.published])
        #expect(apartment.realtorPhone == "+77012345678")
    }

    /// Table of listing moves: starting state (published?, hidden?), action, expected changes and final flags.
    @Test(arguments: [
        (true, false, ListingAction.hide, [Apartment.Change.hidden], true, true),
        (true, true, .hide, [], true, true),
        (true, true, .show, [.published], true, false),
        (true, false, .show, [], true, false),
        (false, false, .hide, [], false, true),
        (false, true, .show, [], false, false),
        (false, true, .publish, [], true, true),
        (false, false, .publish, [.published], true, false),
    ])
    func listingMovesRecordTheRightChanges(published: Bool, hidden: Bool, action: ListingAction,
                                           expected: [Apartment.Change], isPublished: Bool, isHidden: Bool) throws
    {
        var apartment = try Self.complete()
        if published { try apartment.publish(now: Self.now) }
        if hidden { apartment.hide(now: Self.now) }
        apartment.clearChanges()
        switch action {
        case .publish: try apartment.publish(now: Self.now)
        case .hide: apartment.hide(now: Self.now)
        case .show: apartment.show(now: Self.now)
        }
        #expect(apartment.changes == expected)
        #expect(apartment.isPublished == isPublished)
        #expect(apartment.isHidden == isHidden)
    }

    @Test func editsOfAPublishedApartmentAreOneUpdate() throws {
        var apartment = try Self.complete()
        try apartment.publish(now: Self.now)
        apartment.clearChanges()
        try apartment.setPrice(tiyn: 3_000_000, now: Self.now)
        try apartment.setDescription("Новый текст.", now: Self.now)
        try apartment.setPrice(tiyn: 3_000_000, now: Self.now)
        #expect(apartment.changes == [.updated])
    }

    @Test func anUnchangedValueIsNoUpdate() throws {
        var apartment = try Self.complete()
        try apartment.publish(now: Self.now)
        apartment.clearChanges()
        try apartment.setDescription("  Светлая квартира. ", now: Self.now)
        try apartment.setRealtorPhone("+7 701 234 56 78", now: Self.now)
        #expect(apartment.changes.isEmpty)
    }

    @Test func refusesTheSamePictureAtTwoPositions() throws {
        var apartment = try Self.complete()
        let copy = ApartmentPhotoRef(id: UUID(), position: 2, sha256: apartment.photo(at: 1)!.sha256)
        #expect(throws: CatalogError.duplicatePhoto(position: 2, samePictureAt: 1)) {
            try apartment.placePhotos([copy], now: Self.now)
        }
    }

    @Test func swappingTwoPicturesIsAllowed() throws {
        var apartment = try Self.complete()
        let first = apartment.photo(at: 1)!, second = apartment.photo(at: 2)!
        try apartment.placePhotos([ApartmentPhotoRef(id: UUID(), position: 1, sha256: second.sha256),
                                   ApartmentPhotoRef(id: UUID(), position: 2, sha256: first.sha256)], now: Self.now)
        #expect(apartment.photo(at: 1)?.sha256 == second.sha256)
        #expect(apartment.photo(at: 2)?.sha256 == first.sha256)
    }

    @Test(arguments: [0, 7])
    func refusesPhotoPositionsOutsideOneToSix(position: Int) throws {
        var apartment = try Self.draft()
        #expect(throws: CatalogError.self) {
            try apartment.placePhotos([ApartmentPhotoRef(id: UUID(), position: position, sha256: "ab")], now: Self.now)
        }
    }

    @Test(arguments: ["+7 701 234-56-78", "8 (701) 234 56 78", "77012345678", "7012345678"])
    func normalizesKazakhPhoneNumbers(text: String) {
        #expect(PhoneNumber.normalize(text) == "+77012345678")
    }

    @Test(arguments: ["", "12345", "+1 415 555 0100", "call me", "+7 701 234 56 78 9"])
    func refusesOtherPhoneNumbers(text: String) {
        #expect(PhoneNumber.normalize(text) == nil)
    }

    @Test func ratingAverageIsRoundedAndAbsentWithoutReviews() {
        #expect(Rating(sum: 0, count: 0).average == nil)
        #expect(Rating(sum: 14, count: 3).average == 4.67)
        #expect(Rating(sum: 48, count: 10).average == 4.8)
    }
}
