import Contracts
import Database
import Foundation

/// A payment credited to a booking (`payments` table).
struct CreditedPayment: Sendable, Equatable {
    var id: UUID
    var bookingId: UUID
    var account: String
    var channel: KaspiChannel
    /// `account:<txn_id>` or `qr:<QrPaymentId>`, as sent to booking.
    var kaspiReference: String
    var amountTiyn: Int64
    var paidAt: Date

    /// Kaspi's own id: the txn_id or the QrPaymentId.
    var kaspiId: String {
        guard let colon = kaspiReference.firstIndex(of: ":") else { return kaspiReference }
        return String(kaspiReference[kaspiReference.index(after: colon)...])
    }
}

struct PaymentRepository: Sendable {
    /// Records the payment unless its reference is already recorded; returns whether it was new.
    func insert(_ payment: CreditedPayment, in transaction: DatabaseTransaction) async throws -> Bool {
        try await transaction.execute("""
            INSERT INTO payments (id, booking_id, account, channel, kaspi_reference, amount_tiyn, paid_at)
            VALUES (\(payment.id), \(payment.bookingId), \(payment.account), \(payment.channel.rawValue),
                    \(payment.kaspiReference), \(payment.amountTiyn), \(payment.paidAt))
            ON CONFLICT (kaspi_reference) DO NOTHING
            """) == 1
    }

    /// The payments credited to a booking, oldest first.
    func payments(bookingId: UUID, in executor: any SQLExecutor) async throws -> [CreditedPayment] {
        try await executor.query("""
            SELECT id, booking_id, account, channel, kaspi_reference, amount_tiyn, paid_at
            FROM payments WHERE booking_id = \(bookingId) ORDER BY paid_at, created_at
            """).map { row in
            CreditedPayment(id: try row.decode("id"), bookingId: try row.decode("booking_id"),
                            account: try row.decode("account"),
                            channel: KaspiChannel(rawValue: try row.decode("channel")) ?? .account,
                            kaspiReference: try row.decode("kaspi_reference"), amountTiyn: try row.decode("amount_tiyn"),
                            paidAt: try row.decode("paid_at"))
        }
    }
}
