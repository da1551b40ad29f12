import Contracts
import Database
import Foundation

/// The notifier's own copies of what it must know when the service that owns it is down (migration 0004): the
/// realtor's phone per apartment (from the catalog's apartment events) and the latest summary of every booking
/// (from the booking events it handles anyway). Writes are idempotent and ordered by the events' time, so
/// redelivered or out-of-order events change nothing.
public struct NotifierReplicas: Sendable {
    public let database: DatabasePool

    public init(database: DatabasePool) { self.database = database }

    // MARK: Apartment contacts

    /// Records the realtor's phone of an apartment event (events without a phone change nothing).
    public func recordContact(apartmentId: UUID, realtorPhone: String?, occurredAt: Date) async throws {
        guard let phone = realtorPhone, !phone.isEmpty else { return }
        try await database.execute("""
            INSERT INTO apartment_contacts (apartment_id, realtor_phone, source_occurred_at)
            VALUES (\(apartmentId), \(phone), \(occurredAt))
            ON CONFLICT (apartment_id) DO UPDATE
                SET realtor_phone = EXCLUDED.realtor_phone, source_occurred_at = EXCLUDED.source_occurred_at,
                    updated_at = now()
                WHERE apartment_contacts.source_occurred_at <= EXCLUDED.source_occurred_at
            """)
    }

    /// The realtor's phone of an apartment, when an event has told it.
    public func realtorPhone(apartmentId: UUID) async throws -> String? {
        try await database.queryFirst("SELECT realtor_phone FROM apartment_contacts WHERE apartment_id = \(apartmentId)")
            .map { try $0.decode("realtor_phone") }
    }

    // MARK: Booking summaries

    /// Remembers `booking` as of `occurredAt` inside the event handler's transaction, without a round trip of its
    /// own (``DatabaseTransaction/executeDeferred(_:)``).
    func rememberDeferred(_ booking: BookingSummary, occurredAt: Date, in transaction: DatabaseTransaction) throws {
        let summary = String(decoding: try NotificationQueue.encoder.encode(booking), as: UTF8.self)
        try transaction.executeDeferred("""
            INSERT INTO booking_summaries (booking_id, summary, occurred_at)
            VALUES (\(booking.bookingId), \(summary)::jsonb, \(occurredAt))
            ON CONFLICT (booking_id) DO UPDATE
                SET summary = EXCLUDED.summary, occurred_at = EXCLUDED.occurred_at, updated_at = now()
                WHERE booking_summaries.occurred_at <= EXCLUDED.occurred_at
            """)
    }

    /// The latest summary the notifier has heard of, nil when no event about the booking has arrived yet.
    public func booking(_ bookingId: UUID) async throws -> BookingSummary? {
        guard let row = try await database.queryFirst(
            "SELECT summary::text AS summary FROM booking_summaries WHERE booking_id = \(bookingId)")
        else { return nil }
        return try NotificationQueue.decoder.decode(BookingSummary.self,
                                                    from: Data(try row.decode("summary", as: String.self).utf8))
    }
}
