@testable import Catalog
import Contracts
import Cryptography
import Database
import Foundation
import Testing

/// Intercom and safe codes are stored sealed (AES-256-GCM) and keep opening across key rotation.
@Suite struct AccessCodeTests {
    func storedBoxes(_ id: UUID, _ catalog: CatalogFixture) async throws -> (intercom: Data, safe: Data) {
        let row = try #require(try await catalog.pool.queryFirst(
            "SELECT intercom_code_sealed, safe_code_sealed FROM apartments WHERE id = \(id)"))
        return (try row.decode("intercom_code_sealed"), try row.decode("safe_code_sealed"))
    }

    func reveal(_ id: UUID, _ catalog: CatalogFixture, keyring: Keyring) async throws -> ApartmentAccessDetails {
        try await catalog.access(keyring: keyring).reveal(
            envelope(RevealApartmentAccess(apartmentId: id, requester: AccessRequester(role: .superadmin, userId: 1),
                                           purpose: .adminView, channel: .webAdmin)), logger: testLogger)
    }

    @Test func codesAreStoredEncryptedNotInPlaintext() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(intercom: "77К5512", safe: "31415926")
            let boxes = try await storedBoxes(apartment.id, catalog)
            for (box, plaintext) in [(boxes.intercom, "77К5512"), (boxes.safe, "31415926")] {
                #expect(box.range(of: Data(plaintext.utf8)) == nil)
                #expect(try SealedBox(serialized: box).keyId == "k1")
            }
            let text = try await catalog.pool.queryFirst("""
                SELECT encode(intercom_code_sealed, 'escape') || encode(safe_code_sealed, 'escape') AS t
                FROM apartments WHERE id = \(apartment.id)
                """)?.decode("t", as: String.self) ?? ""
            #expect(!text.contains("5512") && !text.contains("31415926"))
            let details = try await reveal(apartment.id, catalog, keyring: catalog.keyring)
            #expect(details.intercomCode == "77К5512" && details.safeCode == "31415926")
        }
    }

    @Test func oldKeysStillOpenAndNewWritesUseTheCurrentKey() async throws {
        try await withCatalogDatabase(keyring: try TestKeys.keyring("k1")) { catalog in
            let old = try await catalog.makeApartment(realtorId: 1, intercom: "1К1111", safe: "1111")
            let rotated = try TestKeys.keyring("k2", "k1")

            // The old box opens with the rotated keyring.
            #expect(try await reveal(old.id, catalog, keyring: rotated).intercomCode == "1К1111")

            // New writes seal with k2.
            let lifecycle = catalog.lifecycle(keyring: rotated)
            let fresh = try await lifecycle.create(
                NewApartment(realtorId: 1, cityId: 2, districtId: 204, apartmentClass: .comfort, rooms: 1,
                             pricePerNightTiyn: 1_000_000),
                edit: try CatalogFixture.completeEdit(photoSeed: 4242, intercom: "2К2222", safe: "2222"), by: .realtor(1))
            #expect(try SealedBox(serialized: try await storedBoxes(fresh.id, catalog).intercom).keyId == "k2")
            try await lifecycle.edit(old.id, ApartmentEdit(safeCode: "3333"), by: .realtor(1))
            let mixed = try await storedBoxes(old.id, catalog)
            #expect(try SealedBox(serialized: mixed.intercom).keyId == "k1")
            #expect(try SealedBox(serialized: mixed.safe).keyId == "k2")

            // Without k1 the old intercom code cannot be opened …
            let onlyNew = try TestKeys.keyring("k2")
            await #expect(throws: CatalogError.self) { try await reveal(old.id, catalog, keyring: onlyNew) }
            // … until every code is re-sealed with k2.
            let summary = try await AccessCodeRotation(database: catalog.pool, vault: AccessCodeVault(keyring: rotated))
                .resealAll(batchSize: 1)
            #expect(summary == AccessCodeRotation.Summary(checked: 2, resealed: 1))
            let details = try await reveal(old.id, catalog, keyring: onlyNew)
            #expect(details.intercomCode == "1К1111" && details.safeCode == "3333")
            let again = try await AccessCodeRotation(database: catalog.pool, vault: AccessCodeVault(keyring: rotated))
                .resealAll()
            #expect(again.resealed == 0)
        }
    }

    @Test func repeatingTheSameCodeChangesNothing() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 3, intercom: "9К9999", safe: "9999")
            let before = try await storedBoxes(apartment.id, catalog)
            try await catalog.lifecycle().edit(apartment.id, ApartmentEdit(intercomCode: " 9К9999 ", safeCode: "9999"),
                                               by: .realtor(3))
            #expect(try await storedBoxes(apartment.id, catalog) == before)
            #expect(try await catalog.outbox().map(\.type) == ["catalog.apartment.published.v1"])
        }
    }

    @Test func aBoxCopiedToAnotherApartmentDoesNotOpen() async throws {
        try await withCatalogDatabase { catalog in
            let first = try await catalog.makeApartment(intercom: "1К0001", safe: "0001")
            let second = try await catalog.makeApartment(intercom: "2К0002", safe: "0002")
            try await catalog.pool.execute("""
                UPDATE apartments SET intercom_code_sealed = (SELECT intercom_code_sealed FROM apartments WHERE id = \(first.id))
                WHERE id = \(second.id)
                """)
            await #expect(throws: CatalogError.self) { try await reveal(second.id, catalog, keyring: catalog.keyring) }
        }
    }

    @Test func emptyCodesAreRefused() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 4)
            await #expect(throws: CatalogError.invalidField(field: "safeCode", reason: "must not be empty")) {
                try await catalog.lifecycle().edit(apartment.id, ApartmentEdit(safeCode: "  "), by: .realtor(4))
            }
        }
    }
}
