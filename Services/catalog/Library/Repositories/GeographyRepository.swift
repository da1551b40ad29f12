import Contracts
import Database

/// Cities and districts: reference data seeded by the catalog's migrations.
public protocol GeographyRepository: Sendable {
    func cities(on database: any SQLExecutor) async throws -> [CatalogCity]
    func city(_ id: Int, on database: any SQLExecutor) async throws -> CatalogCity?
    func districts(cityId: Int, on database: any SQLExecutor) async throws -> [CatalogDistrict]
    func district(_ id: Int, on database: any SQLExecutor) async throws -> CatalogDistrict?
}

public struct PostgresGeographyRepository: GeographyRepository {
    public init() {}

    public func cities(on database: any SQLExecutor) async throws -> [CatalogCity] {
        try await database.query("SELECT id, slug, name FROM cities ORDER BY position, id").map(Self.city)
    }

    public func city(_ id: Int, on database: any SQLExecutor) async throws -> CatalogCity? {
        try await database.queryFirst("SELECT id, slug, name FROM cities WHERE id = \(id)").map(Self.city)
    }

    public func districts(cityId: Int, on database: any SQLExecutor) async throws -> [CatalogDistrict] {
        try await database.query("""
            SELECT id, city_id, slug, name FROM districts WHERE city_id = \(cityId) ORDER BY position, id
            """).map(Self.district)
    }

    public func district(_ id: Int, on database: any SQLExecutor) async throws -> CatalogDistrict? {
        try await database.queryFirst("SELECT id, city_id, slug, name FROM districts WHERE id = \(id)")
            .map(Self.district)
    }

    private static func city(_ row: Row) throws -> CatalogCity {
        CatalogCity(id: try row.decode("id"), slug: try row.decode("slug"), name: try row.decode("name"))
    }

    private static func district(_ row: Row) throws -> CatalogDistrict {
        CatalogDistrict(id: try row.decode("id"), cityId: try row.decode("city_id"), slug: try row.decode("slug"),
                        name: try row.decode("name"))
    }
}
