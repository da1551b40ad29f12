import Contracts
import Database
import Foundation

/// Payments' replica of booking's live holds (`payable_bookings`), so that Kaspi's `check` needs no RPC. Fed by
/// booking's events; every write is idempotent and a booking only ever goes from payable to not payable, so
/// redelivered or reordered events are harmless without an inbox.
struct PayableBookingReplica: Sendable {
    let database: DatabasePool

    /// `booking.held.v1`: the booking can take money until its hold expires. Does nothing when the booking is
    /// already known (a later event closed it, or this is a redelivery).
    func held(_ booking: BookingSummary) async throws {
        guard booking.status == .held, let expiresAt = booking.holdExpiresAt else { return }
        let summary = String(decoding: try ContractsCoding.encoder.encode(booking), as: UTF8.self)
        try await database.execute("""
            INSERT INTO payable_bookings (booking_id, account, summary, hold_expires_at, payable)
            VALUES (\(booking.bookingId), \(booking.number), \(summary), \(expiresAt), true)
            ON CONFLICT DO NOTHING
            """)
    }

    /// Paid, expired or cancelled: no longer payable (from here on `check` asks booking).
    func closed(_ booking: BookingSummary, on executor: (any SQLExecutor)? = nil) async throws {
        let summary = String(decoding: try ContractsCoding.encoder.encode(booking), as: UTF8.self)
        let sql: SQL = """
            INSERT INTO payable_bookings (booking_id, account, summary, hold_expires_at, payable)
            VALUES (\(booking.bookingId), \(booking.number), \(summary), \(booking.holdExpiresAt ?? booking.createdAt),
                    false)
            ON CONFLICT (booking_id) DO UPDATE SET payable = false, updated_at = now()
            WHERE payable_bookings.payable
            """
        try await (executor ?? database).execute(sql)
    }

    /// The booking `account` names if it is a hold that is live at `now` and not known to be paid, expired or
    /// cancelled; nil when the replica cannot vouch for it (unknown, closed, or its hold has run out).
    func payableHold(account: String, now: Date) async throws -> BookingSummary? {
        guard let row = try await database.queryFirst("""
            SELECT summary FROM payable_bookings
            WHERE account = \(account) AND payable AND hold_expires_at > \(now)
            """)
        else { return nil }
        let summary: String = try row.decode("summary")
        return try ContractsCoding.decoder.decode(BookingSummary.self, from: Data(summary.utf8))
    }
}
