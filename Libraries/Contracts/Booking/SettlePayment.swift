import Foundation

/// RPC from payments: can booking `account` be paid now, and for how much (Kaspi `command=check`).
public struct CheckPayable: RPCRequest {
    public typealias Response = PayableStatus
    public static let messageType: MessageType = "booking.payment.check.v1"
    public static let destination: ServiceName = .booking

    /// The booking number.
    public var account: String

    public init(account: String) { self.account = account }
}

/// Reply to ``CheckPayable``.
public struct PayableStatus: Message {
    public static let messageType: MessageType = "booking.payment.check.reply.v1"

    public enum Result: String, Codable, Sendable, Equatable {
        /// A live hold waiting for `amountTiyn`.
        case payable
        case notFound = "not_found"
        /// Paid, checked in or completed.
        case alreadyPaid = "already_paid"
        case expired
        case cancelled
    }

    public var result: Result
    public var booking: BookingSummary?

    public init(result: Result, booking: BookingSummary? = nil) {
        self.result = result
        self.booking = booking
    }
}

/// RPC from payments: money for booking `account` arrived. Atomically moves a live hold to paid.
/// Idempotent by `paymentReference`: settling the same payment again answers `settled` with the same booking.
public struct SettlePayment: RPCRequest {
    public typealias Response = SettlementOutcome
    public static let messageType: MessageType = "booking.payment.settle.v1"
    public static let destination: ServiceName = .booking

    public var account: String
    public var amountTiyn: Int64
    /// Unique per Kaspi payment: `account:<txn_id>` for pay-by-account, `qr:<QrPaymentId>` for the partner API.
    public var paymentReference: String
    public var paidAt: Date

    public init(account: String, amountTiyn: Int64, paymentReference: String, paidAt: Date) {
        self.account = account
        self.amountTiyn = amountTiyn
        self.paymentReference = paymentReference
        self.paidAt = paidAt
    }
}

/// Reply to ``SettlePayment``. Only `settled` means the money belongs to the booking; for every other result
/// the booking did not change.
public struct SettlementOutcome: Message {
    public static let messageType: MessageType = "booking.payment.settle.reply.v1"

    public enum Result: String, Codable, Sendable, Equatable {
        case settled
        case notFound = "not_found"
        /// Already paid by another payment.
        case alreadyPaid = "already_paid"
        case expired
        case cancelled
        /// `amountTiyn` differs from the booking's total.
        case amountMismatch = "amount_mismatch"
    }

    public var result: Result
    public var booking: BookingSummary?

    public init(result: Result, booking: BookingSummary? = nil) {
        self.result = result
        self.booking = booking
    }
}
