import Contracts
import Database
import Foundation

/// The `reviews` table and the review aggregate on `apartments` (rating_sum, rating_count).
struct ReviewRepository: Sendable {
    /// What hiding a review changed.
    struct HiddenReview: Sendable {
        let apartmentId: UUID
        let bookingId: UUID
        let guestId: Int64
        let realtorId: Int64
        let rating: Int
    }

    /// Whether `bookingId` has a review (published or hidden).
    func exists(bookingId: UUID, on executor: any SQLExecutor) async throws -> Bool {
        try await executor.queryFirst("SELECT 1 AS found FROM reviews WHERE booking_id = \(bookingId)") != nil
    }

    /// Inserts `review` unless its booking already has one (also one committed by a racing transaction, which
    /// this waits for). Returns whether it was inserted.
    func insert(_ review: Review, realtorId: Int64, in transaction: DatabaseTransaction) async throws -> Bool {
        let photos = String(decoding: try JSONEncoder().encode(review.photos), as: UTF8.self)
        let inserted = try await transaction.execute("""
            INSERT INTO reviews (id, booking_id, apartment_id, guest_id, realtor_id, rating, body, photos, published_at)
            VALUES (\(review.reviewId), \(review.bookingId), \(review.apartmentId), \(review.guestId), \(realtorId),
                    \(review.rating), \(review.text), \(photos)::jsonb, \(review.publishedAt))
            ON CONFLICT (booking_id) DO NOTHING
            """)
        return inserted == 1
    }

    /// Adds (`sign` = 1) or removes (`sign` = -1) one rating to the apartment's aggregate. Returns false when the
    /// apartment does not exist.
    func adjustAggregate(apartmentId: UUID, rating: Int, sign: Int, in transaction: DatabaseTransaction)
        async throws -> Bool
    {
        try await transaction.execute("""
            UPDATE apartments SET rating_sum = rating_sum + \(rating * sign), rating_count = rating_count + \(sign)
            WHERE id = \(apartmentId)
            """) == 1
    }

    /// The aggregate of an apartment; nil when it does not exist.
    func aggregate(apartmentId: UUID, on executor: any SQLExecutor) async throws -> Rating? {
        guard let row = try await executor.queryFirst(
            "SELECT rating_sum, rating_count FROM apartments WHERE id = \(apartmentId)")
        else { return nil }
        return Rating(sum: try row.decode("rating_sum"), count: try row.decode("rating_count"))
    }

    /// Marks a published review hidden; nil when there is no such review or it was hidden already.
    func hide(_ reviewId: UUID, by superadminId: Int64, reason: String, at instant: Date,
              in transaction: DatabaseTransaction) async throws -> HiddenReview?
    {
        guard let row = try await transaction.queryFirst("""
            UPDATE reviews SET hidden = true, hidden_at = \(instant), hidden_by = \(superadminId),
                               hidden_reason = \(reason)
            WHERE id = \(reviewId) AND NOT hidden
            RETURNING apartment_id, booking_id, guest_id, realtor_id, rating
            """)
        else { return nil }
        return HiddenReview(apartmentId: try row.decode("apartment_id"), bookingId: try row.decode("booking_id"),
                            guestId: try row.decode("guest_id"), realtorId: try row.decode("realtor_id"),
                            rating: Int(try row.decode("rating", as: Int16.self)))
    }

    /// Whether a review with this id exists at all.
    func exists(reviewId: UUID, on executor: any SQLExecutor) async throws -> Bool {
        try await executor.queryFirst("SELECT 1 AS found FROM reviews WHERE id = \(reviewId)") != nil
    }

    /// Published, not hidden reviews of an apartment.
    func count(apartmentId: UUID, on executor: any SQLExecutor) async throws -> Int {
        let row = try await executor.queryFirst(
            "SELECT count(*) AS total FROM reviews WHERE apartment_id = \(apartmentId) AND NOT hidden")
        return Int(try row?.decode("total", as: Int64.self) ?? 0)
    }

    /// Published, not hidden reviews of an apartment, newest first.
    func page(apartmentId: UUID, limit: Int, offset: Int, on executor: any SQLExecutor) async throws -> [Review] {
        try await executor.query("""
            SELECT id, booking_id, apartment_id, guest_id, rating, body, photos::text AS photos, published_at
            FROM reviews WHERE apartment_id = \(apartmentId) AND NOT hidden
            ORDER BY published_at DESC, seq DESC
            LIMIT \(limit) OFFSET \(offset)
            """).map { row in
            Review(reviewId: try row.decode("id"), apartmentId: try row.decode("apartment_id"),
                   bookingId: try row.decode("booking_id"), guestId: try row.decode("guest_id"),
                   rating: Int(try row.decode("rating", as: Int16.self)), text: try row.decode("body"),
                   photos: try JSONDecoder().decode([ReviewPhotoRef].self,
                                                    from: Data(try row.decode("photos", as: String.self).utf8)),
                   publishedAt: try row.decode("published_at"))
        }
    }
}
