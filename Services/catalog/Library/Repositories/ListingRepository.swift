import Contracts
import Database
import Foundation

/// What guests see: search results and cards (never access details).
public protocol ListingRepository: Sendable {
    /// Listed apartments (published, not hidden) of a city matching the filters, by price then id; at most `limit`.
    /// `rooms` 4 matches four rooms or more.
    func search(cityId: Int, districtId: Int?, apartmentClass: ApartmentClass?, rooms: Int?, limit: Int,
                on database: any SQLExecutor) async throws -> [ApartmentSummary]
    /// The card of any apartment (listed or not), with the `file_id`s cached for `botId`.
    func card(_ id: UUID, botId: Int64?, on database: any SQLExecutor) async throws -> ApartmentCard?
}

public struct PostgresListingRepository: ListingRepository {
    public init() {}

    public func search(cityId: Int, districtId: Int?, apartmentClass: ApartmentClass?, rooms: Int?, limit: Int,
                       on database: any SQLExecutor) async throws -> [ApartmentSummary]
    {
        var sql: SQL = """
            SELECT a.id, a.city_id, a.district_id, d.name AS district_name, a.class, a.rooms, a.price_per_night_tiyn,
                   a.rating_sum, a.rating_count
            FROM apartments a JOIN districts d ON d.id = a.district_id
            WHERE a.published AND NOT a.hidden AND a.city_id = \(cityId)
            """
        if let districtId { sql += " AND a.district_id = \(districtId)" }
        if let apartmentClass { sql += " AND a.class = \(apartmentClass.rawValue)" }
        if let rooms {
            sql += rooms >= Apartment.roomsRange.upperBound
                ? " AND a.rooms >= \(Apartment.roomsRange.upperBound)" : " AND a.rooms = \(rooms)"
        }
        sql += " ORDER BY a.price_per_night_tiyn, a.id LIMIT \(limit)"
        return try await database.query(sql).map { row in
            let rating = Rating(sum: try row.decode("rating_sum"), count: try row.decode("rating_count"))
            return ApartmentSummary(
                id: try row.decode("id"), cityId: try row.decode("city_id"), districtId: try row.decode("district_id"),
                districtName: try row.decode("district_name"),
                apartmentClass: try PostgresApartmentRepository.apartmentClass(row), rooms: try row.decode("rooms"),
                pricePerNightTiyn: try row.decode("price_per_night_tiyn"), ratingAverage: rating.average,
                ratingCount: rating.count)
        }
    }

    public func card(_ id: UUID, botId: Int64?, on database: any SQLExecutor) async throws -> ApartmentCard? {
        guard let row = try await database.queryFirst("""
            SELECT a.id, a.realtor_id, a.city_id, c.name AS city_name, a.district_id, d.name AS district_name, a.class,
                   a.rooms, a.price_per_night_tiyn, a.description, a.rating_sum, a.rating_count,
                   a.published AND NOT a.hidden AS listed
            FROM apartments a JOIN cities c ON c.id = a.city_id JOIN districts d ON d.id = a.district_id
            WHERE a.id = \(id)
            """)
        else { return nil }
        let photos = try await database.query("""
            SELECT p.id, p.position, f.file_id
            FROM apartment_photos p LEFT JOIN photo_telegram_files f ON f.photo_id = p.id AND f.bot_id = \(botId)
            WHERE p.apartment_id = \(id) ORDER BY p.position
            """).map { row in
            ApartmentCardPhoto(id: try row.decode("id"), position: try row.decode("position"),
                               telegramFileId: try row.decode("file_id"))
        }
        let rating = Rating(sum: try row.decode("rating_sum"), count: try row.decode("rating_count"))
        return ApartmentCard(
            id: try row.decode("id"), realtorId: try row.decode("realtor_id"), cityId: try row.decode("city_id"),
            cityName: try row.decode("city_name"), districtId: try row.decode("district_id"),
            districtName: try row.decode("district_name"),
            apartmentClass: try PostgresApartmentRepository.apartmentClass(row), rooms: try row.decode("rooms"),
            pricePerNightTiyn: try row.decode("price_per_night_tiyn"), description: try row.decode("description"),
            ratingAverage: rating.average, ratingCount: rating.count, isListed: try row.decode("listed"),
            photos: photos)
    }
}
