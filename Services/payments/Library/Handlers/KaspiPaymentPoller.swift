import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// Polls live partner-API payments (`payment/status`) and settles them with booking.
///
/// Safe with N payments instances: each round leases due rows with `FOR UPDATE SKIP LOCKED`. `Processed` →
/// `SettlePayment(reference "qr:<QrPaymentId>")` (idempotent); if booking can no longer take the money (expired,
/// cancelled, already paid…) the money goes back automatically (a pending refund, `PaymentFailed` now,
/// `RefundCompleted` once Kaspi returned it). `Error` or a payment that outlived every Kaspi deadline →
/// `PaymentFailed`. Kaspi being unreachable → the payment is polled again with exponential backoff.
struct KaspiPaymentPoller: Sendable {
    let database: DatabasePool
    let outbox: Outbox
    let booking: any BookingGateway
    let client: KaspiPartnerClient
    let clock: BusinessClock
    let pollInterval: Duration
    /// Kaspi's `PaymentConfirmationTimeout`: how long after `expiresAt` a payment may still be in `Wait`.
    let confirmationTimeout: Duration
    var lease: Duration = .seconds(60)
    var batchSize = 20
    var maxBackoff: Duration = .seconds(60)
    let repository = KaspiPaymentRepository()
    let payments = PaymentRepository()
    let refunds = RefundRepository()
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled {
            if await pollRound() == 0 { try await Task.sleep(for: min(pollInterval, .seconds(1))) }
        }
    }

    private func pollRound() async -> Int {
        do {
            return try await pollOnce()
        } catch {
            logger.error("polling Kaspi payments failed", metadata: ["error": "\(error)"])
            return 0
        }
    }

    /// One round: leases the due payments and polls each; returns how many.
    @discardableResult
    func pollOnce() async throws -> Int {
        let due = try await repository.claimDue(limit: batchSize, lease: lease, database: database)
        for record in due { await poll(record) }
        return due.count
    }

    func poll(_ record: KaspiPaymentRecord) async {
        let context = KaspiPartnerClient.LogContext(account: record.account, bookingId: record.bookingId,
                                                    amountTiyn: record.amountTiyn, kaspiPaymentId: record.qrPaymentId)
        do {
            guard let status = try await readStatus(record, context: context) else { return }
            switch status.status {
            case .processed:
                try await settle(record, status: status)
            case .error:
                let now = try await repository.now(database: database)
                try await fail(record, reason: now >= record.expiresAt ? "expired_at_kaspi" : "kaspi_error",
                               kaspiStatus: status.status.rawValue, detail: nil)
            case .qrTokenCreated, .wait:
                let now = try await repository.now(database: database)
                let polls: Duration = pollInterval * 3
                let grace: Duration = confirmationTimeout + polls
                let giveUpAt = record.expiresAt.addingTimeInterval(KaspiPaymentRequests.seconds(grace))
                if now >= giveUpAt {
                    try await fail(record, reason: "expired_at_kaspi", kaspiStatus: status.status.rawValue,
                                   detail: "still \(status.status.rawValue) after every Kaspi deadline")
                } else {
                    try await repository.reschedule(record.id, after: pollInterval, kaspiStatus: status.status.rawValue,
                                                    failures: 0, database: database)
                }
            }
        } catch {
            let failures = record.pollFailures + 1
            let exponent: Int = min(failures, 10)
            let factor: Int = 1 << exponent
            let scaled: Duration = pollInterval * factor
            let delay: Duration = scaled < maxBackoff ? scaled : maxBackoff
            logger.warning("polling a Kaspi payment failed; backing off", metadata: [
                "kaspi.payment_id": "\(record.qrPaymentId)", "error": "\(error)", "retry.in": "\(delay)",
            ])
            try? await repository.reschedule(record.id, after: delay, kaspiStatus: nil, failures: failures,
                                             database: database)
        }
    }

    /// The payment's status; nil (after failing the payment) when Kaspi refuses to tell it (unknown id).
    private func readStatus(_ record: KaspiPaymentRecord,
                            context: KaspiPartnerClient.LogContext) async throws -> KaspiPartnerClient.PaymentStatus?
    {
        do {
            return try await client.status(of: record.qrPaymentId, context: context)
        } catch where !error.isTransient {
            try await fail(record, reason: "kaspi_error", kaspiStatus: nil, detail: error.description)
            return nil
        }
    }

    /// Kaspi took the money: settle it with booking, or send it back if booking cannot take it.
    private func settle(_ record: KaspiPaymentRecord, status: KaspiPartnerClient.PaymentStatus) async throws {
        let reference = "qr:\(record.qrPaymentId)"
        let paidAt = clock.now()
        let outcome = try await booking.settle(SettlePayment(account: record.account, amountTiyn: record.amountTiyn,
                                                             paymentReference: reference, paidAt: paidAt))
        try await database.withTransaction { transaction in
            if outcome.result == .settled {
                guard try await repository.finish(record.id, status: .settled, kaspiStatus: status.status.rawValue,
                                                  outcome: "settled", in: transaction) else { return }
                let payment = CreditedPayment(id: UUID(), bookingId: record.bookingId, account: record.account,
                                              channel: record.channel, kaspiReference: reference,
                                              amountTiyn: record.amountTiyn, paidAt: paidAt)
                if try await payments.insert(payment, in: transaction) {
                    try await outbox.publish(PaymentSucceeded(paymentId: payment.id, bookingId: record.bookingId,
                                                              account: record.account, amountTiyn: record.amountTiyn,
                                                              channel: record.channel,
                                                              kaspiReference: record.qrPaymentId, paidAt: paidAt),
                                             in: transaction)
                }
                return
            }
            let reason = Self.failureReason(outcome.result)
            guard try await repository.finish(record.id, status: .refunded, kaspiStatus: status.status.rawValue,
                                              outcome: reason, in: transaction) else { return }
            _ = try await refunds.insert(bookingId: record.bookingId, paymentId: nil, amountTiyn: record.amountTiyn,
                                         method: .kaspiReturn, reason: "payment_after_\(reason)",
                                         kaspiReference: record.qrPaymentId, in: transaction)
            try await outbox.publish(PaymentFailed(bookingId: record.bookingId, account: record.account,
                                                   amountTiyn: record.amountTiyn, channel: record.channel,
                                                   kaspiReference: record.qrPaymentId, reason: reason,
                                                   occurredAt: clock.now()), in: transaction)
        }
        logger.info("Kaspi payment processed", metadata: [
            "kaspi.payment_id": "\(record.qrPaymentId)", "booking.id": "\(record.bookingId)",
            "booking.settlement": "\(outcome.result.rawValue)",
        ])
    }

    private func fail(_ record: KaspiPaymentRecord, reason: String, kaspiStatus: String?, detail: String?) async throws {
        try await database.withTransaction { transaction in
            guard try await repository.finish(record.id, status: .failed, kaspiStatus: kaspiStatus, outcome: reason,
                                              in: transaction) else { return }
            try await outbox.publish(PaymentFailed(bookingId: record.bookingId, account: record.account,
                                                   amountTiyn: record.amountTiyn, channel: record.channel,
                                                   kaspiReference: record.qrPaymentId, reason: reason,
                                                   occurredAt: clock.now()), in: transaction)
        }
        logger.info("Kaspi payment failed", metadata: [
            "kaspi.payment_id": "\(record.qrPaymentId)", "booking.id": "\(record.bookingId)", "reason": "\(reason)",
            "detail": "\(detail ?? "-")",
        ])
    }

    /// `PaymentFailed.reason` for money booking could not take.
    static func failureReason(_ result: SettlementOutcome.Result) -> String {
        switch result {
        case .settled: "settled"
        case .notFound: "booking_not_found"
        case .alreadyPaid: "already_paid"
        case .expired: "booking_expired"
        case .cancelled: "booking_cancelled"
        case .amountMismatch: "amount_mismatch"
        }
    }
}
