import Catalog
import Contracts
import Cryptography
import Database
import Foundation
import Logging
import Messaging

/// Loads the ``DemoCatalog`` into the catalog schema through the same ``ApartmentLifecycle`` the service uses:
/// codes sealed with the current key, photos validated and stored once, apartments published — and their
/// `catalog.apartment.*` events written to the catalog's outbox in the same transactions (the running catalog
/// service's relay publishes them).
///
/// Idempotent: ids are stable, and an apartment that already matches its demo definition is left untouched (no
/// write, no event). An apartment changed meanwhile (edited, hidden) is brought back to its definition.
public struct DemoCatalogLoader: Sendable {
    public struct Summary: Sendable, Equatable, CustomStringConvertible {
        public var apartments = 0
        public var created = 0
        public var updated = 0
        public var unchanged = 0
        public var photos = 0
        public var events = 0

        public var description: String {
            "\(apartments) apartments (\(created) created, \(updated) updated, \(unchanged) unchanged), "
                + "\(photos) photos, \(events) events"
        }
    }

    let lifecycle: ApartmentLifecycle
    let logger: Logger
    let renderThreads: Int

    /// - Parameters:
    ///   - database: connects as the catalog's role, `search_path` = `catalog`, schema migrated.
    ///   - keyring: from `CODES_ENCRYPTION_KEYS` (the current key seals the codes).
    public init(database: DatabasePool, keyring: Keyring, logger: Logger, renderThreads: Int = 2) {
        lifecycle = ApartmentLifecycle(database: database,
                                       outbox: Outbox(producer: CatalogApp.service, signal: OutboxSignal()),
                                       vault: AccessCodeVault(keyring: keyring))
        self.logger = logger
        self.renderThreads = renderThreads
    }

    public func load(_ apartments: [DemoApartment] = DemoCatalog.apartments) async throws -> Summary {
        let photos = try await DemoPhotoRenderer.renderAll(apartments, threads: renderThreads)
        var summary = Summary()
        for apartment in apartments {
            let images = photos[apartment.id] ?? []
            let outcome = try await lifecycle.apply(
                to: apartment.id,
                creating: NewApartment(id: apartment.id, realtorId: apartment.realtorId, cityId: apartment.cityId,
                                       districtId: apartment.districtId, apartmentClass: apartment.apartmentClass,
                                       rooms: apartment.rooms, pricePerNightTiyn: apartment.pricePerNightTiyn),
                edit: edit(for: apartment, photos: images),
                actions: [.publish, .show], by: .system)
            summary.apartments += 1
            summary.photos += outcome.apartment.photos.count
            summary.events += outcome.events.count
            if outcome.created {
                summary.created += 1
            } else if outcome.changed {
                summary.updated += 1
            } else {
                summary.unchanged += 1
            }
            logger.debug("demo apartment loaded", metadata: [
                "apartment.id": "\(apartment.id)", "apartment.slug": "\(apartment.slug)",
                "created": "\(outcome.created)", "changed": "\(outcome.changed)",
            ])
        }
        return summary
    }

    private func edit(for apartment: DemoApartment, photos: [Data]) -> ApartmentEdit {
        ApartmentEdit(
            districtId: apartment.districtId, apartmentClass: apartment.apartmentClass, rooms: apartment.rooms,
            pricePerNightTiyn: apartment.pricePerNightTiyn, address: apartment.address, entrance: apartment.entrance,
            floor: apartment.floor, apartmentNumber: apartment.apartmentNumber, description: apartment.description,
            realtorPhone: apartment.realtorPhone, intercomCode: apartment.intercomCode, safeCode: apartment.safeCode,
            photos: photos.enumerated().map { index, bytes in
                // Stable per picture: the same bytes keep their id (and Telegram file_ids), new bytes get a new one.
                let checksum = SHA256.hexHash(data: bytes).prefix(16)
                return PhotoUpload(position: index + 1, bytes: bytes,
                                   id: DemoIdentifier.uuid("photo:\(apartment.slug):\(index + 1):\(checksum)"))
            })
    }
}

extension DemoCatalogLoader {
    /// How many apartments the catalog holds (demo or not).
    public static func apartmentCount(_ database: any SQLExecutor) async throws -> Int {
        try await database.queryFirst("SELECT count(*) AS n FROM apartments")?.decode("n") ?? 0
    }
}
