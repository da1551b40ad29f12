import Contracts
import Database
import Foundation
import Logging
import Messaging

/// Answers `CreateKaspiInvoice` and `CreateKaspiPaymentLink`: validates the booking with booking's `CheckPayable`,
/// takes the amount from the booking, creates the payment at Kaspi and records it for the poller. Idempotent per
/// booking and channel while the payment is live (serialised by an advisory lock on the booking).
struct KaspiPaymentRequests: Sendable {
    let database: DatabasePool
    let booking: any BookingGateway
    /// nil when the partner API is not configured.
    let client: KaspiPartnerClient?
    let pollInterval: Duration
    let invoiceLifetime: Duration
    let repository = KaspiPaymentRepository()
    let logger: Logger

    func createInvoice(_ request: CreateKaspiInvoice) async throws -> KaspiPaymentRequestOutcome {
        guard let phone = KazakhPhone.normalize(request.phone) else {
            return KaspiPaymentRequestOutcome(result: .invalidPhone, message: "not a Kazakhstan mobile number")
        }
        return try await create(.invoice, bookingId: request.bookingId, account: request.account, phone: phone)
    }

    func createLink(_ request: CreateKaspiPaymentLink) async throws -> KaspiPaymentRequestOutcome {
        try await create(.link, bookingId: request.bookingId, account: request.account, phone: nil)
    }

    private func create(_ channel: KaspiChannel, bookingId: UUID, account: String,
                        phone: String?) async throws -> KaspiPaymentRequestOutcome
    {
        guard let client else {
            return KaspiPaymentRequestOutcome(result: .kaspiError, message: "the Kaspi partner API is not configured")
        }
        return try await database.withTransaction { transaction in
            try await transaction.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(\(bookingId.uuidString), 4))")
            if let live = try await repository.live(bookingId: bookingId, channel: channel, in: transaction) {
                return Self.outcome(live)
            }
            guard let status = await checkPayable(account: account, bookingId: bookingId) else {
                return KaspiPaymentRequestOutcome(result: .kaspiError, message: "booking did not answer")
            }
            guard status.result == .payable, let summary = status.booking, summary.bookingId == bookingId else {
                return KaspiPaymentRequestOutcome(result: .notPayable, message: "booking is \(status.result.rawValue)")
            }
            let attempt = await createAtKaspiResult(client, channel, summary: summary, account: account, phone: phone)
            guard case let .success(created) = attempt else {
                return KaspiPaymentRequestOutcome(result: .kaspiError, amountTiyn: summary.totalTiyn,
                                                  message: "Kaspi did not create the payment")
            }
            let record = created.record
            try await repository.insert(record, firstPollAfter: created.firstPoll, in: transaction)
            logger.info("Kaspi payment created", metadata: [
                "booking.id": "\(bookingId)", "kaspi.channel": "\(channel.rawValue)",
                "kaspi.payment_id": "\(record.qrPaymentId)",
            ])
            return Self.outcome(record)
        }
    }

    private func checkPayable(account: String, bookingId: UUID) async -> PayableStatus? {
        do {
            return try await booking.checkPayable(account: account)
        } catch {
            logger.warning("booking did not answer CheckPayable", metadata: [
                "booking.id": "\(bookingId)", "error": "\(error)",
            ])
            return nil
        }
    }

    private func createAtKaspiResult(_ client: KaspiPartnerClient, _ channel: KaspiChannel, summary: BookingSummary,
                                     account: String,
                                     phone: String?) async -> Result<(record: KaspiPaymentRecord, firstPoll: Duration),
                                                                     any Error>
    {
        do {
            return .success(try await createAtKaspi(client, channel, summary: summary, account: account, phone: phone))
        } catch {
            logger.warning("Kaspi did not create the payment", metadata: [
                "booking.id": "\(summary.bookingId)", "kaspi.channel": "\(channel.rawValue)", "error": "\(error)",
            ])
            return .failure(error)
        }
    }

    /// Creates the invoice or link at Kaspi; returns the record to store and when to poll first.
    private func createAtKaspi(_ client: KaspiPartnerClient, _ channel: KaspiChannel, summary: BookingSummary,
                               account: String, phone: String?) async throws -> (record: KaspiPaymentRecord,
                                                                                 firstPoll: Duration)
    {
        let context = KaspiPartnerClient.LogContext(account: account, bookingId: summary.bookingId,
                                                    amountTiyn: summary.totalTiyn)
        if channel == .invoice {
            let id = try await client.createInvoice(phone: phone ?? "", amountTiyn: summary.totalTiyn,
                                                    comment: "ЖильеGO, бронь \(account)", externalId: account,
                                                    context: context)
            let now = try await repository.now(database: database)
            let record = KaspiPaymentRecord(id: UUID(), bookingId: summary.bookingId, account: account,
                                            channel: .invoice, amountTiyn: summary.totalTiyn, phone: phone,
                                            qrPaymentId: id, url: nil,
                                            expiresAt: now.addingTimeInterval(Self.seconds(invoiceLifetime)))
            return (record, pollInterval)
        }
        let link = try await client.createLink(amountTiyn: summary.totalTiyn, externalId: account, context: context)
        let record = KaspiPaymentRecord(id: UUID(), bookingId: summary.bookingId, account: account, channel: .link,
                                        amountTiyn: summary.totalTiyn, phone: nil, qrPaymentId: link.paymentId,
                                        url: link.url, expiresAt: link.expiresAt)
        let interval = link.pollInterval ?? pollInterval
        return (record, interval < pollInterval ? interval : pollInterval)
    }

    static func outcome(_ record: KaspiPaymentRecord) -> KaspiPaymentRequestOutcome {
        KaspiPaymentRequestOutcome(result: .created, kaspiPaymentId: record.qrPaymentId, url: record.url,
                                   amountTiyn: record.amountTiyn, expiresAt: record.expiresAt, phone: record.phone)
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
