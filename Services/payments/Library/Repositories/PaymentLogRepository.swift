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
///
/// Entries recorded at the same time are written together (group commit): ``record(_:)`` returns once its entry
/// is committed, but one multi-row INSERT carries every entry that arrived while the previous one was written, so
/// under load the log costs one commit per batch instead of one per Kaspi call.
struct PaymentLogRepository: Sendable {
    let database: DatabasePool
    let logger: Logger
    private let writer: PaymentLogWriter

    init(database: DatabasePool, logger: Logger) {
        self.database = database
        self.logger = logger
        writer = PaymentLogWriter(database: database, logger: logger)
    }

    /// Writes the entry on its own (outside any business transaction, so failures are logged too) and returns
    /// once it is committed. A failure to write the log is reported but never fails the payment itself.
    func record(_ entry: PaymentLogEntry) async {
        await writer.write(entry)
    }

    static func insert(_ entries: [PaymentLogEntry]) -> SQL {
        let rows = entries.map { entry -> SQL in
            """
            (\(entry.direction.rawValue), \(storable(entry.operation)), \(storable(entry.txnId)),
             \(storable(entry.kaspiPaymentId)), \(storable(entry.account)), \(entry.bookingId), \(entry.amountTiyn),
             \(storable(entry.result)), \(entry.httpStatus), \(entry.durationMs), \(storable(entry.sourceAddress)),
             \(storable(entry.error.map { String($0.prefix(500)) })))
            """
        }
        return """
            INSERT INTO payment_log (direction, operation, txn_id, kaspi_payment_id, account, booking_id, amount_tiyn,
                                     result, http_status, duration_ms, source_address, error)
            VALUES \(rows.joined(separator: ", "))
            """
    }
}

extension PaymentLogRepository {
    /// PostgreSQL's text cannot hold a NUL character, and a request may carry one (`txn_id=1%00`): it is stored as
    /// U+FFFD, so that the entry is still written (a hostile request must leave its trace in the log).
    static func storable(_ text: String) -> String {
        text.utf8.contains(0) ? text.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") : text
    }

    static func storable(_ text: String?) -> String? { text.map(storable) }
}

/// The group commit behind ``PaymentLogRepository``: waiting entries are written by one flusher task, in batches.
private actor PaymentLogWriter {
    private let database: DatabasePool
    private let logger: Logger
    private var pending: [(entry: PaymentLogEntry, written: CheckedContinuation<Void, Never>)] = []
    private var flushing = false
    private static let maxBatch = 200

    init(database: DatabasePool, logger: Logger) {
        self.database = database
        self.logger = logger
    }

    func write(_ entry: PaymentLogEntry) async {
        await withCheckedContinuation { continuation in
            pending.append((entry, continuation))
            if !flushing {
                flushing = true
                Task { await self.flush() }
            }
        }
    }

    private func flush() async {
        while !pending.isEmpty {
            let batch = Array(pending.prefix(Self.maxBatch))
            pending.removeFirst(batch.count)
            do {
                try await database.execute(PaymentLogRepository.insert(batch.map(\.entry)))
            } catch where batch.count > 1 {
                // One bad entry must not lose the others: write them one by one.
                for item in batch { await insertAlone(item.entry) }
            } catch {
                report(error, batch[0].entry)
            }
            for item in batch { item.written.resume() }
        }
        flushing = false
    }

    private func insertAlone(_ entry: PaymentLogEntry) async {
        do {
            try await database.execute(PaymentLogRepository.insert([entry]))
        } catch {
            report(error, entry)
        }
    }

    private func report(_ error: any Error, _ entry: PaymentLogEntry) {
        logger.error("cannot write the payment log", metadata: [
            "kaspi.operation": "\(entry.operation)", "error": "\(error)",
        ])
    }
}
