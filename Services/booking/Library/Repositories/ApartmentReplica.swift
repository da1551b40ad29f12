import Contracts
import Database
import Foundation

/// What booking needs to know of an apartment to hold it: its realtor, price and whether it is listed.
struct ReplicatedApartment: Sendable, Equatable {
    var apartmentId: UUID
    var realtorId: Int64
    var pricePerNightTiyn: Int64
    var listed: Bool
}

/// Booking's copy of the catalog's apartments (`apartments`), kept from `catalog.apartment.*` events.
struct ApartmentReplica: Sendable {
    func find(_ id: UUID, on executor: any SQLExecutor) async throws -> ReplicatedApartment? {
        try await executor.queryFirst("""
            SELECT apartment_id, realtor_id, price_per_night_tiyn, listed FROM apartments WHERE apartment_id = \(id)
            """).map { row in
            ReplicatedApartment(apartmentId: try row.decode("apartment_id"), realtorId: try row.decode("realtor_id"),
                                pricePerNightTiyn: try row.decode("price_per_night_tiyn"),
                                listed: try row.decode("listed"))
        }
    }

    /// The replica's apartment, or the catalog's answer stored into the replica.
    func resolve(_ id: UUID, catalog: any CatalogApartments, on database: DatabasePool) async throws
        -> ReplicatedApartment?
    {
        if let known = try await find(id, on: database) { return known }
        guard let fetched = try await catalog.apartment(id) else { return nil }
        try await fill(fetched, on: database)
        return try await find(id, on: database) ?? fetched
    }

    /// Applies a published or hidden event unless a later event was applied already (events may arrive out
    /// of order through retries).
    func apply(_ apartment: ReplicatedApartment, occurredAt: Date, on executor: any SQLExecutor) async throws {
        try await executor.execute("""
            INSERT INTO apartments (apartment_id, realtor_id, price_per_night_tiyn, listed, source_occurred_at,
                                    listed_occurred_at)
            VALUES (\(apartment.apartmentId), \(apartment.realtorId), \(apartment.pricePerNightTiyn),
                    \(apartment.listed), \(occurredAt), \(occurredAt))
            ON CONFLICT (apartment_id) DO UPDATE
                SET realtor_id = CASE WHEN apartments.source_occurred_at <= EXCLUDED.source_occurred_at
                                      THEN EXCLUDED.realtor_id ELSE apartments.realtor_id END,
                    price_per_night_tiyn = CASE WHEN apartments.source_occurred_at <= EXCLUDED.source_occurred_at
                                                THEN EXCLUDED.price_per_night_tiyn
                                                ELSE apartments.price_per_night_tiyn END,
                    source_occurred_at = greatest(apartments.source_occurred_at, EXCLUDED.source_occurred_at),
                    listed = EXCLUDED.listed, listed_occurred_at = EXCLUDED.listed_occurred_at, updated_at = now()
                WHERE apartments.listed_occurred_at <= EXCLUDED.listed_occurred_at
            """)
    }

    /// Applies an updated event (price, realtor) unless a later event was applied already; whether the apartment
    /// is listed is left to the published/hidden events (an apartment first seen this way counts as listed).
    func applyUpdate(_ apartment: ReplicatedApartment, occurredAt: Date, on executor: any SQLExecutor) async throws {
        try await executor.execute("""
            INSERT INTO apartments (apartment_id, realtor_id, price_per_night_tiyn, listed, source_occurred_at,
                                    listed_occurred_at)
            VALUES (\(apartment.apartmentId), \(apartment.realtorId), \(apartment.pricePerNightTiyn), true,
                    \(occurredAt), '-infinity')
            ON CONFLICT (apartment_id) DO UPDATE
                SET realtor_id = EXCLUDED.realtor_id, price_per_night_tiyn = EXCLUDED.price_per_night_tiyn,
                    source_occurred_at = EXCLUDED.source_occurred_at, updated_at = now()
                WHERE apartments.source_occurred_at <= EXCLUDED.source_occurred_at
            """)
    }

    /// Stores what the catalog answered over RPC, unless an event got there first; any later event replaces it.
    func fill(_ apartment: ReplicatedApartment, on executor: any SQLExecutor) async throws {
        try await executor.execute("""
            INSERT INTO apartments (apartment_id, realtor_id, price_per_night_tiyn, listed, source_occurred_at,
                                    listed_occurred_at)
            VALUES (\(apartment.apartmentId), \(apartment.realtorId), \(apartment.pricePerNightTiyn),
                    \(apartment.listed), '-infinity', '-infinity')
            ON CONFLICT (apartment_id) DO NOTHING
            """)
    }
}

/// Asks the catalog about an apartment booking has not heard of.
protocol CatalogApartments: Sendable {
    /// The apartment as the catalog sees it now; nil when the catalog does not know it.
    func apartment(_ id: UUID) async throws -> ReplicatedApartment?
}
