import Database
import Foundation

/// Key rotation for access codes: re-seals with the current key every code sealed with an older one, so the old
/// key can be dropped from `CODES_ENCRYPTION_KEYS` afterwards. Safe to run while the service runs (each apartment
/// is re-sealed in its own transaction under a row lock) and to run again.
public struct AccessCodeRotation: Sendable {
    public struct Summary: Sendable, Equatable {
        /// Apartments holding codes.
        public var checked = 0
        /// Apartments whose codes were re-sealed.
        public var resealed = 0
    }

    let database: DatabasePool
    let vault: AccessCodeVault
    let apartments: any ApartmentRepository

    public init(database: DatabasePool, vault: AccessCodeVault,
                apartments: any ApartmentRepository = PostgresApartmentRepository())
    {
        self.database = database
        self.vault = vault
        self.apartments = apartments
    }

    /// - Throws: ``CatalogError/codesUnreadable(_:)`` when a code was sealed with a key the keyring no longer holds.
    public func resealAll(batchSize: Int = 100) async throws -> Summary {
        var summary = Summary()
        var after: UUID?
        while true {
            let ids = try await apartments.idsWithCodes(after: after, limit: batchSize, on: database)
            guard let last = ids.last else { return summary }
            for id in ids {
                summary.checked += 1
                if try await reseal(id) { summary.resealed += 1 }
            }
            after = last
        }
    }

    private func reseal(_ id: UUID) async throws -> Bool {
        try await database.withTransaction { transaction in
            guard let apartment = try await apartments.load(id, forUpdate: true, on: transaction) else { return false }
            let intercom = try apartment.intercomCode.map { code throws(CatalogError) in
                try vault.reseal(code, field: .intercom, apartmentId: id)
            }
            let safe = try apartment.safeCode.map { code throws(CatalogError) in
                try vault.reseal(code, field: .safe, apartmentId: id)
            }
            guard intercom != apartment.intercomCode || safe != apartment.safeCode else { return false }
            try await apartments.replaceCodes(of: id, intercom: intercom, safe: safe, in: transaction)
            return true
        }
    }
}
