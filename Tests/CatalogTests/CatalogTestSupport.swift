@testable import Catalog
@testable import CatalogDemo
import Contracts
import Cryptography
import Database
import Foundation
import Logging
import Messaging
import TestSupport
import Testing

let testLogger: Logger = {
    var logger = Logger(label: "catalog.tests")
    logger.logLevel = .warning
    return logger
}()

/// Deterministic AES-256 keys for tests: the key with id `k1` is SHA-256("test-key:k1").
enum TestKeys {
    static func key(_ id: String) throws -> EncryptionKey {
        try EncryptionKey(id: id, bytes: SHA256.hash(data: Data("test-key:\(id)".utf8)))
    }

    /// Current key first, like CODES_ENCRYPTION_KEYS.
    static func keyring(_ ids: String...) throws -> Keyring {
        Keyring(current: try key(ids[0]), previous: try ids.dropFirst().map(key))
    }

    /// The CODES_ENCRYPTION_KEYS value for these keys.
    static func environmentValue(_ ids: String...) throws -> String {
        try ids.map { try key($0).environmentEntry }.joined(separator: ",")
    }
}

/// Small, real PNG files drawn with cairo; different seeds give different pictures.
enum TestImages {
    static func png(seed: Int, width: Int = 64, height: Int = 48) throws -> Data {
        var random = DemoRandom(seed: UInt64(seed) &+ 1)
        let canvas = try CairoCanvas(width: width, height: height)
        canvas.fillRect(0, 0, Double(width), Double(height),
                        RGB(random.double(0...1), random.double(0...1), random.double(0...1)))
        canvas.fillRect(Double(seed % 40), 8, 16, 16, RGB(random.double(0...1), random.double(0...1), 0.5))
        return try canvas.pngData()
    }

    static func six(seed: Int) throws -> [Data] {
        try (0..<6).map { try png(seed: seed * 10 + $0) }
    }

    /// A 32×24 baseline JPEG (made with libjpeg-turbo's cjpeg).
    static let baselineJPEG = Data(base64Encoded: """
        /9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYn
        KSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo
        KCgoKCgoKCj/wAARCAAYACADASIAAhEBAxEB/8QAGAABAQEBAQAAAAAAAAAAAAAABQAGBAf/xAAYEAACAwAAAAAAAAAAAAAAAAAA
        BAUiMf/EABgBAAIDAAAAAAAAAAAAAAAAAAUHBAYI/8QAHBEAAgICAwAAAAAAAAAAAAAAAAMFIQIEMVFh/9oADAMBAAIRAxEAPwDw
        5SKyo0pFZU0qkVlRlSKypYXyPpBipbizNKRWVGlIrKmlUisqNKRWVA75H0ZUVLcWcKkVlRlSKypEBHvz7M6xWyyrGlIrKjKkVlSI
        DPfn2MmK2WVZ/9k=
        """, options: .ignoreUnknownCharacters)!

    /// The same picture as a progressive JPEG (several scans).
    static let progressiveJPEG = Data(base64Encoded: """
        /9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYn
        KSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo
        KCgoKCgoKCj/wgARCAAYACADASIAAhEBAxEB/8QAGAABAQEBAQAAAAAAAAAAAAAABAAFAwb/xAAYAQACAwAAAAAAAAAAAAAAAAAE
        BgMFB//aAAwDAQACEAMQAAAB8M3TZYQZrdJobLwbQWdNZQTJ/8QAFhAAAwAAAAAAAAAAAAAAAAAAAAID/9oACAEBAAEFAlkLIWQs
        hZCyFkLIWQshZCyP/8QAFxEBAQEBAAAAAAAAAAAAAAAABAACA//aAAgBAwEBPwEq4q4vTUXpq//EABcRAQEBAQAAAAAAAAAAAAAA
        AAIAAQT/2gAIAQIBAT8BfRPom9m9v//EABQQAQAAAAAAAAAAAAAAAAAAADD/2gAIAQEABj8CT//EABUQAQEAAAAAAAAAAAAAAAAA
        AABh/9oACAEBAAE/IZJJJJJJJJJJJP/aAAwDAQACAAMAAAAQ2Ogf/8QAFhEBAQEAAAAAAAAAAAAAAAAAIQAx/9oACAEDAQE/EMmy
        YzGb/8QAFhEBAQEAAAAAAAAAAAAAAAAAAFFh/9oACAECAQE/EN269e//xAAVEAEBAAAAAAAAAAAAAAAAAAAAMf/aAAgBAQABPxCZ
        MmTJkyZMmTJkz//Z
        """, options: .ignoreUnknownCharacters)!
}

/// A migrated catalog schema (messaging tables + the catalog's migrations) on a fresh test database, reached
/// through the catalog's own role.
struct CatalogFixture: Sendable {
    let database: TestDatabase
    let pool: DatabasePool
    let keyring: Keyring

    var vault: AccessCodeVault { AccessCodeVault(keyring: keyring) }
    var configuration: CatalogConfiguration { CatalogConfiguration(keyring: keyring) }

    func lifecycle(keyring: Keyring? = nil) -> ApartmentLifecycle {
        ApartmentLifecycle(database: pool, outbox: Outbox(producer: .catalog, signal: OutboxSignal()),
                           vault: AccessCodeVault(keyring: keyring ?? self.keyring))
    }

    func queries() -> ListingQueryHandler {
        ListingQueryHandler(database: pool, geography: PostgresGeographyRepository(),
                            listings: PostgresListingRepository())
    }

    func access(keyring: Keyring? = nil) -> AccessRevealHandler {
        AccessRevealHandler(database: pool, vault: AccessCodeVault(keyring: keyring ?? self.keyring),
                            apartments: PostgresApartmentRepository(), audit: PostgresAccessAuditRepository())
    }

    /// Everything publishing needs, with six fresh pictures.
    static func completeEdit(photoSeed: Int, intercom: String = "45К1234", safe: String = "9876") throws -> ApartmentEdit {
        ApartmentEdit(address: "пр. Аль-Фараби, 77", entrance: "2", floor: 7, apartmentNumber: "45",
                      description: "Тестовая квартира.", realtorPhone: "+7 701 000 00 01", intercomCode: intercom,
                      safeCode: safe,
                      photos: try TestImages.six(seed: photoSeed).enumerated().map { PhotoUpload(position: $0 + 1, bytes: $1) })
    }

    /// Creates a complete apartment and publishes it (unless `publish` is false), hiding it when asked.
    @discardableResult
    func makeApartment(realtorId: Int64 = 1001, cityId: Int = 2, districtId: Int = 204,
                       apartmentClass: ApartmentClass = .comfort, rooms: Int = 2, priceTenge: Int64 = 20_000,
                       publish: Bool = true, hidden: Bool = false, intercom: String = "45К1234",
                       safe: String = "9876") async throws -> Apartment
    {
        let new = NewApartment(realtorId: realtorId, cityId: cityId, districtId: districtId,
                               apartmentClass: apartmentClass, rooms: rooms, pricePerNightTiyn: priceTenge * 100)
        let lifecycle = lifecycle()
        var apartment = try await lifecycle.create(
            new, edit: try Self.completeEdit(photoSeed: Int(new.id.hashValue & 0xFFFF), intercom: intercom, safe: safe),
            publish: publish, by: .realtor(realtorId))
        if hidden { apartment = try await lifecycle.hide(apartment.id, by: .realtor(realtorId)) }
        return apartment
    }

    /// Outbox rows by message type, oldest first.
    func outbox() async throws -> [(type: String, body: String)] {
        try await pool.query("SELECT message_type, body FROM outbox ORDER BY id").map { row in
            (try row.decode("message_type"), String(decoding: try row.decode("body", as: Data.self), as: UTF8.self))
        }
    }
}

@discardableResult
func withCatalogDatabase<T: Sendable>(keyring: Keyring? = nil,
                                      _ body: (CatalogFixture) async throws -> T) async throws -> T
{
    let keyring = try keyring ?? TestKeys.keyring("k1")
    return try await withTestDatabase { database in
        let pool = try await database.makeServicePool(schema: "catalog", poolSize: 3)
        let migrator = Migrator(pool: pool, schema: "catalog", logger: testLogger)
        try await migrator.migrate(MessagingMigrations.all, component: "messaging")
        try await migrator.migrate(try CatalogApp.migrations(), component: "service")
        return try await body(CatalogFixture(database: database, pool: pool, keyring: keyring))
    }
}

/// An envelope as the gateway would send it.
func envelope<M: Message>(_ message: M) -> Envelope<M> {
    Envelope(message, producer: .gateway)
}
