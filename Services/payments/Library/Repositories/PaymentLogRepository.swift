import Database
import Foundation
import Logging

/// One interaction with Kaspi, in either direction. Never carries secrets.
struct PaymentLogEntry: Sendable {
    enum Direction: String, Sendable {
        /// Kaspi called us (pay-by-account).
        case inbound
        /// We called Kaspi (partner API).
        case outbound
    }

    var direction: Direction
    /// `check`, `pay`, `refused`, `malformed`, or the partner-API path (`remote/create`, `payment/status`, …).
    var operation: String
    var txnId: String? = nil
    var kaspiPaymentId: String? = nil
    var account: String? = nil
    var bookingId: UUID? = nil
    var amountTiyn: Int64? = nil
    /// The result code (inbound) or Kaspi's status / our outcome (outbound).
    var result: String? = nil
    var httpStatus: Int? = nil
    var durationMs: Int? = nil
    var sourceAddress: String? = nil
    var error: String? = nil
}

/// The Kaspi payment log (PRODUCT.md «Security and audit»): every interaction, for operators and the admin panel.
struct PaymentLogRepository: Sendable {
    let database: DatabasePool
    let logger: Logger

    /// Writes the entry on its own (outside any business transaction, so failures are logged too). A failure to
    /// write the log is reported but never fails the payment itself.
    func record(_ entry: PaymentLogEntry) async {
        do {
            try await database.execute(Self.insert(entry))
        } catch {
            logger.error("cannot write the payment log", metadata: [
                "kaspi.operation": "\(entry.operation)", "error": "\(error)",
            ])
        }
    }

    static func insert(_ entry: PaymentLogEntry) -> SQL {
        """
        INSERT INTO payment_log (direction, operation, txn_id, kaspi_payment_id, account, booking_id, amount_tiyn,
                                 result, http_status, duration_ms, source_address, error)
        VALUES (\(entry.direction.rawValue), \(entry.operation), \(entry.txnId), \(entry.kaspiPaymentId),
                \(entry.account), \(entry.bookingId), \(entry.amountTiyn), \(entry.result), \(entry.httpStatus),
                \(entry.durationMs), \(entry.sourceAddress), \(entry.error.map { String($0.prefix(500)) }))
        """
    }
}

extension Duration {
    /// Whole milliseconds, for the log.
    var wholeMilliseconds: Int {
        let (seconds, attoseconds) = components
        return Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000)
    }
}
