import Database
import Foundation
import Toolkit

/// A refund as stored in `refunds`.
struct RefundRecord: Sendable, Equatable {
    var id: UUID
    var bookingId: UUID
    var paymentId: UUID?
    var amountTiyn: Int64
    var reason: String
    var kaspiReference: String
    var availableBeforeTiyn: Int64?
    var attempts: Int

    init(row: Row) throws {
        id = try row.decode("id")
        bookingId = try row.decode("booking_id")
        paymentId = try row.decode("payment_id")
        amountTiyn = try row.decode("amount_tiyn")
        reason = try row.decode("reason")
        kaspiReference = try row.decode("kaspi_reference")
        availableBeforeTiyn = try row.decode("available_before_tiyn")
        attempts = try row.decode("attempts")
    }
}

struct RefundRepository: Sendable {
    enum Method: String, Sendable {
        case kaspiReturn = "kaspi_return"
        case manual = "operator"
    }

    /// Records a refund unless one exists for the same cause; returns its id when new.
    func insert(bookingId: UUID, paymentId: UUID?, amountTiyn: Int64, method: Method, reason: String,
                kaspiReference: String, in transaction: DatabaseTransaction) async throws -> UUID?
    {
        let id = UUID()
        let status = method == .kaspiReturn ? "pending" : "due"
        let inserted = try await transaction.execute("""
            INSERT INTO refunds (id, booking_id, payment_id, amount_tiyn, method, status, reason, kaspi_reference,
                                 next_attempt_at)
            VALUES (\(id), \(bookingId), \(paymentId), \(amountTiyn), \(method.rawValue), \(status), \(reason),
                    \(kaspiReference), CASE WHEN \(status) = 'pending' THEN now() END)
            ON CONFLICT (booking_id, reason, kaspi_reference) DO NOTHING
            """)
        return inserted == 1 ? id : nil
    }

    /// Leases pending Kaspi returns that are due (FOR UPDATE SKIP LOCKED: safe with N instances).
    func claimDue(limit: Int, lease: Duration, database: DatabasePool) async throws -> [RefundRecord] {
        try await database.query("""
            UPDATE refunds SET lease_until = now() + \(lease.wholeMilliseconds) * interval '1 millisecond'
            WHERE id IN (
                SELECT id FROM refunds
                WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
                ORDER BY next_attempt_at LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING id, booking_id, payment_id, amount_tiyn, reason, kaspi_reference, available_before_tiyn, attempts
            """).map(RefundRecord.init(row:))
    }

    func rememberAvailableBefore(_ id: UUID, tiyn: Int64, database: DatabasePool) async throws {
        try await database.execute("""
            UPDATE refunds SET available_before_tiyn = \(tiyn) WHERE id = \(id) AND available_before_tiyn IS NULL
            """)
    }

    func retryLater(_ id: UUID, after delay: Duration, error: String, database: DatabasePool) async throws {
        try await database.execute("""
            UPDATE refunds
            SET attempts = attempts + 1, last_error = \(String(error.prefix(500))), lease_until = NULL,
                next_attempt_at = now() + \(delay.wholeMilliseconds) * interval '1 millisecond'
            WHERE id = \(id) AND status = 'pending'
            """)
    }

    /// pending → completed; false if it was not pending any more.
    func complete(_ id: UUID, returnOperationId: String?, in transaction: DatabaseTransaction) async throws -> Bool {
        try await transaction.execute("""
            UPDATE refunds
            SET status = 'completed', completed_at = now(), return_operation_id = \(returnOperationId),
                attempts = attempts + 1, lease_until = NULL
            WHERE id = \(id) AND status = 'pending'
            """) == 1
    }

    /// pending → due (an operator pays it); false if it was not pending any more.
    func handOver(_ id: UUID, error: String, in transaction: DatabaseTransaction) async throws -> Bool {
        try await transaction.execute("""
            UPDATE refunds
            SET status = 'due', method = 'operator', last_error = \(String(error.prefix(500))), lease_until = NULL,
                attempts = attempts + 1
            WHERE id = \(id) AND status = 'pending'
            """) == 1
    }
}
