import Contracts
import Foundation
import Testing

/// The payments messages (events, the Kaspi payment requests and their reply) are pinned by golden files
/// (`Golden/payments.*.json`).
@Suite struct PaymentsContractsTests {
    static let bookingId = UUID(uuidString: "A1B2C3D4-E5F6-4A7B-8C9D-0E1F2A3B4C5D")!
    static let refundId = UUID(uuidString: "7D6C5B4A-3E2F-4A1B-9C8D-0E1F2A3B4C5D")!
    static let at = ContractsCoding.parseInstant("2026-11-25T09:00:00.125Z")!

    static func check<M: Message>(_ message: M) throws {
        let envelope = Envelope(message, producer: .payments,
                                messageId: UUID(uuidString: "6B1E6D7A-2F57-4C0B-9B8E-1D2C3B4A5F60")!,
                                occurredAt: ContractsCoding.parseInstant("2026-11-25T09:00:00.250Z")!)
        let golden = try GoldenMessageTests.golden(M.messageType)
        let encoded = try ContractsCoding.encoder.encode(envelope)
        #expect(String(decoding: encoded, as: UTF8.self) == String(decoding: golden, as: UTF8.self), "\(M.messageType)")
        #expect(try RawEnvelope(body: golden).decode(M.self) == envelope, "\(M.messageType)")
    }

    @Test func paymentSucceeded() throws {
        try Self.check(PaymentSucceeded(paymentId: UUID(uuidString: "3F2E1D0C-9B8A-4C7D-8E6F-5A4B3C2D1E0F")!,
                                        bookingId: Self.bookingId, account: "100042", amountTiyn: 1_500_000,
                                        channel: .account, kaspiReference: "640001234567", paidAt: Self.at))
    }

    @Test func paymentFailed() throws {
        try Self.check(PaymentFailed(bookingId: Self.bookingId, account: "100042", amountTiyn: 1_500_000,
                                     channel: .invoice, kaspiReference: "15563212345", reason: "booking_expired",
                                     occurredAt: Self.at))
    }

    @Test func refundCompleted() throws {
        try Self.check(RefundCompleted(refundId: Self.refundId, bookingId: Self.bookingId, amountTiyn: 750_000,
                                       kaspiReference: "15563212345", completedAt: Self.at))
    }

    @Test func refundDue() throws {
        try Self.check(RefundDue(refundId: Self.refundId, bookingId: Self.bookingId, amountTiyn: 1_500_000,
                                 reason: "pay_by_account_has_no_refund_call", occurredAt: Self.at))
    }

    @Test func createKaspiInvoice() throws {
        try Self.check(CreateKaspiInvoice(bookingId: Self.bookingId, account: "100042", phone: "77011234567"))
    }

    @Test func createKaspiPaymentLink() throws {
        try Self.check(CreateKaspiPaymentLink(bookingId: Self.bookingId, account: "100042"))
    }

    /// Every optional field set; a field left nil is left out of the JSON.
    @Test func kaspiPaymentRequestOutcome() throws {
        try Self.check(KaspiPaymentRequestOutcome(result: .created, kaspiPaymentId: "15563212345",
                                                  url: "https://pay.kaspi.kz/pay/fqyvkmq1", amountTiyn: 1_500_000,
                                                  expiresAt: Self.at, phone: "77011234567"))
    }
}
