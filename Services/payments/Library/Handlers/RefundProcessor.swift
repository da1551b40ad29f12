import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// Sends pending refunds back through Kaspi (`payment/return`), exactly once.
///
/// `payment/return` has no idempotency key, so before each attempt the processor reads `payment/details`: the
/// first time it remembers `AvailableReturnAmount`; on a retry after a lost answer, an available amount already
/// lower by the refund means the return went through. Transient failures are retried with backoff; a final refusal
/// hands the refund to an operator (`due`, `RefundDue`). Safe with N instances (leases, `SKIP LOCKED`).
struct RefundProcessor: Sendable {
    let database: DatabasePool
    let outbox: Outbox
    let client: KaspiPartnerClient
    let clock: BusinessClock
    var idleInterval: Duration = .seconds(1)
    var lease: Duration = .seconds(60)
    var baseBackoff: Duration = .seconds(2)
    var maxBackoff: Duration = .seconds(300)
    let repository = RefundRepository()
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled {
            if await processRound() == 0 { try await Task.sleep(for: idleInterval) }
        }
    }

    private func processRound() async -> Int {
        do {
            return try await processOnce()
        } catch {
            logger.error("processing refunds failed", metadata: ["error": "\(error)"])
            return 0
        }
    }

    @discardableResult
    func processOnce() async throws -> Int {
        let due = try await repository.claimDue(limit: 20, lease: lease, database: database)
        for refund in due { await process(refund) }
        return due.count
    }

    func process(_ refund: RefundRecord) async {
        let context = KaspiPartnerClient.LogContext(bookingId: refund.bookingId, amountTiyn: refund.amountTiyn,
                                                    kaspiPaymentId: refund.kaspiReference)
        do {
            let details = try await client.details(of: refund.kaspiReference, context: context)
            if let before = refund.availableBeforeTiyn {
                if details.availableReturnTiyn <= before - refund.amountTiyn {
                    logger.notice("an earlier payment/return went through although its answer was lost", metadata: [
                        "refund.id": "\(refund.id)",
                    ])
                    try await complete(refund, operationId: nil)
                    return
                }
            } else {
                try await repository.rememberAvailableBefore(refund.id, tiyn: details.availableReturnTiyn,
                                                             database: database)
            }
            let operation = try await client.returnPayment(refund.kaspiReference, amountTiyn: refund.amountTiyn,
                                                           context: context)
            try await complete(refund, operationId: operation)
        } catch let error as KaspiAPIError where !error.isTransient {
            await handOverOrRetry(refund, error: error.description)
        } catch {
            await retryLater(refund, error: "\(error)")
        }
    }

    private func handOverOrRetry(_ refund: RefundRecord, error: String) async {
        do {
            try await handOver(refund, error: error)
        } catch {
            await retryLater(refund, error: "\(error)")
        }
    }

    private func complete(_ refund: RefundRecord, operationId: String?) async throws {
        try await database.withTransaction { transaction in
            guard try await repository.complete(refund.id, returnOperationId: operationId, in: transaction) else {
                return
            }
            try await outbox.publish(RefundCompleted(refundId: refund.id, bookingId: refund.bookingId,
                                                     amountTiyn: refund.amountTiyn,
                                                     kaspiReference: refund.kaspiReference,
                                                     completedAt: clock.now()), in: transaction)
        }
        logger.info("refund completed", metadata: ["refund.id": "\(refund.id)", "booking.id": "\(refund.bookingId)"])
    }

    private func handOver(_ refund: RefundRecord, error: String) async throws {
        try await database.withTransaction { transaction in
            guard try await repository.handOver(refund.id, error: error, in: transaction) else { return }
            try await outbox.publish(RefundDue(refundId: refund.id, bookingId: refund.bookingId,
                                               amountTiyn: refund.amountTiyn, reason: "kaspi_return_refused",
                                               occurredAt: clock.now()), in: transaction)
        }
        logger.warning("Kaspi refused a refund; handed to an operator", metadata: [
            "refund.id": "\(refund.id)", "error": "\(error)",
        ])
    }

    private func retryLater(_ refund: RefundRecord, error: String) async {
        let exponent: Int = min(refund.attempts, 12)
        let factor: Int = 1 << exponent
        let scaled: Duration = baseBackoff * factor
        let delay: Duration = scaled < maxBackoff ? scaled : maxBackoff
        logger.warning("refund failed; retrying later", metadata: [
            "refund.id": "\(refund.id)", "error": "\(error)", "retry.in": "\(delay)",
        ])
        do {
            try await repository.retryLater(refund.id, after: delay, error: error, database: database)
        } catch {
            logger.error("cannot reschedule a refund; its lease will lapse", metadata: ["error": "\(error)"])
        }
    }
}
