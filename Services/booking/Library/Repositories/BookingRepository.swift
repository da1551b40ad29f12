import Contracts
import Database
import Foundation

/// The new booking a hold creates.
struct NewHold: Sendable {
    var id: UUID
    var requestId: UUID
    var apartmentId: UUID
    var realtorId: Int64
    var guestId: Int64
    var guestChatId: Int64
    var dates: StayDates
    var pricePerNightTiyn: Int64
    var holdExpiresAt: Date
    var createdAt: Date
}

/// SQL for bookings in `stays`. Status changes go through ``BookingTransitions`` only.
struct BookingRepository: Sendable {
    /// Inserts a hold unless the guest already has `maxActiveHolds` unpaid holds that have not expired at `now`
    /// (then nil; checked in the same statement). Throws the database's exclusion violation (23P01) when the
    /// dates are taken, a unique violation (23505) when `requestId` was used already. (A guest's requests come one
    /// at a time through the bot, so the count is not raced in practice; at worst two concurrent requests of one
    /// guest both pass.)
    func insert(_ hold: NewHold, maxActiveHolds: Int, now: Date, on executor: any SQLExecutor) async throws -> Booking? {
        let total = hold.pricePerNightTiyn * Int64(hold.dates.nights)
        let row = try await executor.query("""
            INSERT INTO stays (id, kind, apartment_id, period, status, number, realtor_id, guest_id, guest_chat_id,
                               nights, price_per_night_tiyn, total_tiyn, hold_expires_at, request_id, created_at,
                               updated_at)
            SELECT \(hold.id), 'booking', \(hold.apartmentId),
                   tstzrange(\(hold.dates.checkIn), \(hold.dates.checkOut), '[)'), 'held',
                   nextval('booking_number_seq'), \(hold.realtorId), \(hold.guestId), \(hold.guestChatId),
                   \(hold.dates.nights), \(hold.pricePerNightTiyn), \(total), \(hold.holdExpiresAt), \(hold.requestId),
                   \(hold.createdAt), \(hold.createdAt)
            WHERE (SELECT count(*) FROM stays
                   WHERE kind = 'booking' AND guest_id = \(hold.guestId) AND status = 'held'
                     AND hold_expires_at > \(now)) < \(maxActiveHolds)
            RETURNING \(Booking.columns)
            """)
        return try row.first.map(Booking.init(row:))
    }

    func find(_ id: UUID, on executor: any SQLExecutor, forUpdate: Bool = false) async throws -> Booking? {
        let lock: SQL = forUpdate ? "FOR UPDATE" : ""
        return try await executor.queryFirst("""
            SELECT \(Booking.columns) FROM stays WHERE id = \(id) AND kind = 'booking' \(lock)
            """).map(Booking.init(row:))
    }

    func find(number: Int64, on executor: any SQLExecutor, forUpdate: Bool = false) async throws -> Booking? {
        let lock: SQL = forUpdate ? "FOR UPDATE" : ""
        return try await executor.queryFirst("""
            SELECT \(Booking.columns) FROM stays WHERE number = \(number) AND kind = 'booking' \(lock)
            """).map(Booking.init(row:))
    }

    func find(requestId: UUID, on executor: any SQLExecutor) async throws -> Booking? {
        try await executor.queryFirst("""
            SELECT \(Booking.columns) FROM stays WHERE request_id = \(requestId) AND kind = 'booking'
            """).map(Booking.init(row:))
    }

    /// A guest's bookings in `statuses`, ordered by check-in (ascending or not), and how many there are.
    func list(guestId: Int64, statuses: [BookingStatus], ascending: Bool, offset: Int, limit: Int,
              on executor: any SQLExecutor) async throws -> (bookings: [Booking], total: Int)
    {
        let names = statuses.map(\.rawValue)
        let order: SQL = ascending ? "lower(period) ASC, number ASC" : "lower(period) DESC, number DESC"
        let rows = try await executor.query("""
            SELECT \(Booking.columns), count(*) OVER () AS total FROM stays
            WHERE kind = 'booking' AND guest_id = \(guestId) AND status = ANY(\(names))
            ORDER BY \(order) OFFSET \(offset) LIMIT \(limit)
            """)
        if let first = rows.first {
            return (try rows.map(Booking.init(row:)), try first.decode("total"))
        }
        let count = try await executor.query("""
            SELECT count(*) AS total FROM stays
            WHERE kind = 'booking' AND guest_id = \(guestId) AND status = ANY(\(names))
            """)
        return ([], try count[0].decode("total"))
    }

    /// Locks up to `limit` bookings with a transition due at `now` (held past expiry, paid past check-in, checked in
    /// past check-out), skipping rows another instance holds.
    func lockDue(now: Date, limit: Int, on transaction: DatabaseTransaction) async throws -> [Booking] {
        try await transaction.query("""
            SELECT \(Booking.columns) FROM stays
            WHERE kind = 'booking' AND (
                   (status = 'held' AND hold_expires_at <= \(now))
                OR (status = 'paid' AND lower(period) <= \(now))
                OR (status = 'checked_in' AND upper(period) <= \(now)))
            ORDER BY lower(period), number
            LIMIT \(limit)
            FOR UPDATE SKIP LOCKED
            """).map(Booking.init(row:))
    }
}
