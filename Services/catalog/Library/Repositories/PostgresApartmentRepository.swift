import Contracts
import Database
import Foundation

public struct PostgresApartmentRepository: ApartmentRepository {
    public init() {}

    public func load(_ id: UUID, forUpdate: Bool, on database: any SQLExecutor) async throws -> Apartment? {
        let lock: SQL = forUpdate ? " FOR UPDATE" : ""
        guard let row = try await database.queryFirst("""
            SELECT id, realtor_id, city_id, district_id, class, rooms, price_per_night_tiyn, address, entrance, floor,
                   apartment_number, intercom_code_sealed, safe_code_sealed, description, realtor_phone, published,
                   published_at, hidden, hidden_at, rating_sum, rating_count, created_at, updated_at
            FROM apartments WHERE id = \(id)
            """ + lock)
        else { return nil }
        let photos = try await database.query("""
            SELECT id, position, blob_sha256 FROM apartment_photos WHERE apartment_id = \(id) ORDER BY position
            """).map { row in
            ApartmentPhotoRef(id: try row.decode("id"), position: try row.decode("position"),
                              sha256: try row.decode("blob_sha256"))
        }
        return Apartment(
            id: try row.decode("id"), realtorId: try row.decode("realtor_id"), cityId: try row.decode("city_id"),
            districtId: try row.decode("district_id"), apartmentClass: try Self.apartmentClass(row),
            rooms: try row.decode("rooms"), pricePerNightTiyn: try row.decode("price_per_night_tiyn"),
            address: try row.decode("address"), entrance: try row.decode("entrance"), floor: try row.decode("floor"),
            apartmentNumber: try row.decode("apartment_number"),
            intercomCode: try row.decode("intercom_code_sealed", as: Data?.self).map(SealedCode.init(serialized:)),
            safeCode: try row.decode("safe_code_sealed", as: Data?.self).map(SealedCode.init(serialized:)),
            description: try row.decode("description"), realtorPhone: try row.decode("realtor_phone"),
            photos: photos, isPublished: try row.decode("published"), publishedAt: try row.decode("published_at"),
            isHidden: try row.decode("hidden"), hiddenAt: try row.decode("hidden_at"),
            ratingSum: try row.decode("rating_sum"), ratingCount: try row.decode("rating_count"),
            createdAt: try row.decode("created_at"), updatedAt: try row.decode("updated_at"))
    }

    public func save(_ apartment: Apartment, previous: Apartment?, images: [PhotoImage],
                     in transaction: DatabaseTransaction) async throws
    {
        let a = apartment
        if previous == nil {
            try await transaction.execute("""
                INSERT INTO apartments (id, realtor_id, city_id, district_id, class, rooms, price_per_night_tiyn,
                    address, entrance, floor, apartment_number, intercom_code_sealed, safe_code_sealed, description,
                    realtor_phone, published, published_at, hidden, hidden_at, created_at, updated_at)
                VALUES (\(a.id), \(a.realtorId), \(a.cityId), \(a.districtId), \(a.apartmentClass.rawValue), \(a.rooms),
                    \(a.pricePerNightTiyn), \(a.address), \(a.entrance), \(a.floor), \(a.apartmentNumber),
                    \(a.intercomCode?.serialized), \(a.safeCode?.serialized), \(a.description), \(a.realtorPhone),
                    \(a.isPublished), \(a.publishedAt), \(a.isHidden), \(a.hiddenAt), \(a.createdAt), \(a.updatedAt))
                """)
        } else {
            try await transaction.execute("""
                UPDATE apartments SET city_id = \(a.cityId), district_id = \(a.districtId),
                    class = \(a.apartmentClass.rawValue), rooms = \(a.rooms), price_per_night_tiyn = \(a.pricePerNightTiyn),
                    address = \(a.address), entrance = \(a.entrance), floor = \(a.floor),
                    apartment_number = \(a.apartmentNumber), intercom_code_sealed = \(a.intercomCode?.serialized),
                    safe_code_sealed = \(a.safeCode?.serialized), description = \(a.description),
                    realtor_phone = \(a.realtorPhone), published = \(a.isPublished), published_at = \(a.publishedAt),
                    hidden = \(a.isHidden), hidden_at = \(a.hiddenAt), updated_at = \(a.updatedAt)
                WHERE id = \(a.id)
                """)
        }
        for image in images {
            try await transaction.execute("""
                INSERT INTO photo_blobs (sha256, mime_type, width, height, byte_size, bytes)
                VALUES (\(image.sha256), \(image.mimeType), \(image.width), \(image.height), \(image.bytes.count),
                        \(image.bytes))
                ON CONFLICT (sha256) DO NOTHING
                """)
        }
        let before = previous?.photos ?? []
        let removed = before.filter { old in !a.photos.contains(old) }
        let added = a.photos.filter { new in !before.contains(new) }
        if !removed.isEmpty {
            try await transaction.execute("DELETE FROM apartment_photos WHERE id = ANY(\(removed.map(\.id)))")
            // Bytes nobody shows any more.
            try await transaction.execute("""
                DELETE FROM photo_blobs b WHERE b.sha256 = ANY(\(removed.map(\.sha256)))
                  AND NOT EXISTS (SELECT 1 FROM apartment_photos p WHERE p.blob_sha256 = b.sha256)
                """)
        }
        for photo in added {
            try await transaction.execute("""
                INSERT INTO apartment_photos (id, apartment_id, position, blob_sha256)
                VALUES (\(photo.id), \(a.id), \(photo.position), \(photo.sha256))
                """)
        }
    }

    public func idsWithCodes(after: UUID?, limit: Int, on database: any SQLExecutor) async throws -> [UUID] {
        let start: SQL = after.map { " AND id > \($0)" } ?? ""
        return try await database.query("""
            SELECT id FROM apartments WHERE (intercom_code_sealed IS NOT NULL OR safe_code_sealed IS NOT NULL)
            """ + start + " ORDER BY id LIMIT \(limit)").map { try $0.decode("id") }
    }

    public func replaceCodes(of id: UUID, intercom: SealedCode?, safe: SealedCode?,
                             in transaction: DatabaseTransaction) async throws
    {
        try await transaction.execute("""
            UPDATE apartments SET intercom_code_sealed = \(intercom?.serialized), safe_code_sealed = \(safe?.serialized)
            WHERE id = \(id)
            """)
    }

    static func apartmentClass(_ row: Row) throws -> ApartmentClass {
        let raw = try row.decode("class", as: String.self)
        guard let value = ApartmentClass(rawValue: raw) else {
            throw DatabaseError(kind: .decoding, message: "unknown apartment class \"\(raw)\"")
        }
        return value
    }
}
