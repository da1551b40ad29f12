@testable import Catalog
import Cryptography
import Database
import Foundation
import Testing
import TestSupport

/// Keys that cannot open the stored codes are found at start (CodeKeyCheck), not when a guest has paid.
@Suite struct CodeKeyCheckTests {
    /// Same id, other material: what a second checkout's generated `.env.local` brings.
    static func foreignKeyring(_ id: String) throws -> Keyring {
        Keyring(current: try EncryptionKey(id: id, bytes: SHA256.hash(data: Data("another-deployment:\(id)".utf8))))
    }

    func check(_ catalog: CatalogFixture, _ keyring: Keyring) async throws -> CodeKeyCheck.Mismatch? {
        try await CodeKeyCheck(database: catalog.pool, vault: AccessCodeVault(keyring: keyring)).run()
    }

    func recorded(_ catalog: CatalogFixture) async throws -> [String: String] {
        var fingerprints: [String: String] = [:]
        for row in try await catalog.pool.query("SELECT key_id, fingerprint FROM code_keys") {
            fingerprints[try row.decode("key_id")] = try row.decode("fingerprint")
        }
        return fingerprints
    }

    @Test func theFirstStartRecordsTheKeysAndTheSameKeysPassAgain() async throws {
        try await withCatalogDatabase { catalog in
            let keyring = try TestKeys.keyring("k1")
            #expect(try await check(catalog, keyring) == nil)
            #expect(try await recorded(catalog) == ["k1": keyring.current.fingerprint])
            #expect(try await check(catalog, keyring) == nil)
        }
    }

    @Test func anotherKeyUnderAKnownIdIsRefusedEvenBeforeAnyCodeIsStored() async throws {
        try await withCatalogDatabase { catalog in
            #expect(try await check(catalog, try TestKeys.keyring("k1")) == nil)
            let foreign = try Self.foreignKeyring("k1")
            let mismatch = try #require(try await check(catalog, foreign))
            #expect(mismatch.message.contains("key id k1"), "\(mismatch.message)")
            #expect(mismatch.message.contains(foreign.current.fingerprint))
            #expect(!mismatch.message.contains(foreign.current.environmentEntry.dropFirst(3)))
            // The recorded fingerprint is kept: the foreign key never replaces it.
            #expect(try await recorded(catalog) == ["k1": try TestKeys.key("k1").fingerprint])
        }
    }

    @Test func storedCodesUnderAKeyTheKeyringLacksAreRefused() async throws {
        try await withCatalogDatabase(keyring: try TestKeys.keyring("k0")) { catalog in
            try await catalog.makeApartment(realtorId: 7)
            let mismatch = try #require(try await check(catalog, try TestKeys.keyring("k1")))
            #expect(mismatch.message.contains("key id k0"), "\(mismatch.message)")
            #expect(mismatch.message.contains("lacks"), "\(mismatch.message)")
        }
    }

    @Test func codesFromBeforeFingerprintsAreOpenedToProveTheKey() async throws {
        try await withCatalogDatabase { catalog in
            try await catalog.makeApartment(realtorId: 8)
            // No fingerprints recorded yet (a deployment older than migration 0005): a sample code decides.
            let mismatch = try #require(try await check(catalog, try Self.foreignKeyring("k1")))
            #expect(mismatch.message.contains("cannot open"), "\(mismatch.message)")
            #expect(try await recorded(catalog).isEmpty)
            #expect(try await check(catalog, try TestKeys.keyring("k1")) == nil)
        }
    }

    @Test func rotationKeepsPassingAndRecordsTheNewKey() async throws {
        try await withCatalogDatabase { catalog in
            try await catalog.makeApartment(realtorId: 9)
            #expect(try await check(catalog, try TestKeys.keyring("k1")) == nil)
            let rotated = try TestKeys.keyring("k2", "k1")
            #expect(try await check(catalog, rotated) == nil)
            _ = try await AccessCodeRotation(database: catalog.pool, vault: AccessCodeVault(keyring: rotated)).resealAll()
            #expect(try await check(catalog, try TestKeys.keyring("k2")) == nil)
            #expect(Set(try await recorded(catalog).keys) == ["k1", "k2"])
        }
    }
}
