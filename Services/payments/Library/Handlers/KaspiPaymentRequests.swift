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
            let status: PayableStatus
            do {
                status = try await booking.checkPayable(account: account)
            } catch {
                logger.warning("booking did not answer CheckPayable", metadata: [
                    "booking.id": "\(bookingId)", "error": "\(error)",
                ])
                return KaspiPaymentRequestOutcome(result: .kaspiError, message: "booking did not answer: \(error)")
            }
            guard status.result == .payable, let summary = status.booking, summary.bookingId == bookingId else {
                return KaspiPaymentRequestOutcome(result: .notPayable, message: "booking is \(status.result.rawValue)")
            }
            let context = KaspiPartnerClient.LogContext(account: account, bookingId: bookingId,
                                                        amountTiyn: summary.totalTiyn)
            let record: KaspiPaymentRecord
            var firstPoll = pollInterval
            do {
                switch channel {
                case .invoice:
                    let id = try await client.createInvoice(phone: phone ?? "", amountTiyn: summary.totalTiyn,
                                                            comment: "ЖильеGO, бронь \(account)", externalId: account,
                                                            context: context)
                    let now = try await repository.now(database: database)
                    record = KaspiPaymentRecord(id: UUID(), bookingId: bookingId, account: account, channel: .invoice,
                                                amountTiyn: summary.totalTiyn, phone: phone, qrPaymentId: id, url: nil,
                                                expiresAt: now.addingTimeInterval(Self.seconds(invoiceLifetime)))
                case .link, .account:
                    let link = try await client.createLink(amountTiyn: summary.totalTiyn, externalId: account,
                                                           context: context)
                    if let interval = link.pollInterval, interval < firstPoll { firstPoll = interval }
                    record = KaspiPaymentRecord(id: UUID(), bookingId: bookingId, account: account, channel: .link,
                                                amountTiyn: summary.totalTiyn, phone: nil, qrPaymentId: link.paymentId,
                                                url: link.url, expiresAt: link.expiresAt)
                }
            } catch {
                logger.warning("Kaspi did not create the payment", metadata: [
                    "booking.id": "\(bookingId)", "kaspi.channel": "\(channel.rawValue)", "error": "\(error)",
                ])
                return KaspiPaymentRequestOutcome(result: .kaspiError, amountTiyn: summary.totalTiyn,
                                                  message: "\(error)")
            }
            try await repository.insert(record, firstPollAfter: firstPoll, in: transaction)
            logger.info("Kaspi payment created", metadata: [
                "booking.id": "\(bookingId)", "kaspi.channel": "\(channel.rawValue)",
                "kaspi.payment_id": "\(record.qrPaymentId)",
            ])
            return Self.outcome(record)
        }
    }

    static func outcome(_ record: KaspiPaymentRecord) -> KaspiPaymentRequestOutcome {
        KaspiPaymentRequestOutcome(result: .created, kaspiPaymentId: record.qrPaymentId, url: record.url,
                                   amountTiyn: record.amountTiyn, expiresAt: record.expiresAt)
    }

    static func seconds(_ duration: Duration) -> TimeInterval {
        let (seconds, attoseconds) = duration.components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
