import Contracts
import Database
import Foundation
import Testing
import TestSupport

// MARK: Barriers: nothing more is on its way to the guest

extension Journey {
    /// Waits until nothing more about `booking` can still reach the guest's chat:
    /// - every BookingPaid, BookingExpired and BookingCancelled booking recorded for it (published or not) has been
    ///   planned by the notifier (a notification whose dedupe key starts with the event's message id);
    /// - none of its notifications is due or being retried but unsent (queued or sending);
    /// - no Kaspi payment of it is still live (the poller only ever settles live ones).
    ///
    /// All three are read in one statement (one snapshot). Afterwards a late duplicate message has nowhere to come
    /// from, so what the chat holds is final and can be counted.
    func waitUntilSettled(_ booking: BookingSummary) async throws {
        let pattern = "%" + booking.bookingId.uuidString + "%"
        var last = "not read yet"
        try await waitUntil("nothing more is on its way to the guest of booking \(booking.number)",
                            deadline: .seconds(90), diagnostics: { "\(last)\n\(services.logs())" }) {
            let rows = try await platform.database.adminPool.query("""
                SELECT
                    (SELECT count(*) FROM booking.outbox o
                     WHERE o.message_type IN (\(BookingPaid.messageType.rawValue),
                                              \(BookingExpired.messageType.rawValue),
                                              \(BookingCancelled.messageType.rawValue))
                       AND convert_from(o.body, 'UTF8') ILIKE \(pattern)
                       AND NOT EXISTS (SELECT 1 FROM notifier.notifications n
                                       WHERE n.dedupe_key LIKE o.message_id::text || ':%'))::int AS unplanned,
                    (SELECT count(*) FROM notifier.notifications
                     WHERE booking_id = \(booking.bookingId) AND status IN ('queued', 'sending')
                       AND (not_before <= now() OR attempts > 0))::int AS unsent,
                    (SELECT count(*) FROM payments.kaspi_payments
                     WHERE booking_id = \(booking.bookingId) AND status = 'live')::int AS live
                """)
            let row = try #require(rows.first)
            let unplanned = try row.decode("unplanned", as: Int.self)
            let unsent = try row.decode("unsent", as: Int.self)
            let live = try row.decode("live", as: Int.self)
            last = "events not planned by the notifier: \(unplanned), notifications unsent: \(unsent), "
                + "live Kaspi payments: \(live)"
            return unplanned == 0 && unsent == 0 && live == 0
        }
    }

    /// How many events of `type` booking recorded about `booking` in its outbox.
    func bookingEvents(_ type: MessageType, _ booking: BookingSummary) async throws -> Int {
        try await count("""
            SELECT count(*)::int AS n FROM booking.outbox
            WHERE message_type = \(type.rawValue)
              AND convert_from(body, 'UTF8') ILIKE \("%" + booking.bookingId.uuidString + "%")
            """)
    }
}

/// The guest was told of the payment exactly once, and no later message can change that: booking recorded one
/// BookingPaid, the platform settled (``Journey/waitUntilSettled(_:)``) and the chat holds one «Оплата получена».
func expectPaidMessageOnce(_ journey: Journey, _ chat: ChatDriver, _ booking: BookingSummary) async throws {
    try await journey.waitUntilSettled(booking)
    #expect(try await journey.bookingEvents(BookingPaid.messageType, booking) == 1)
    #expect(try await chat.countMessages { $0.hasPrefix("✅ Оплата получена") } == 1)
}
