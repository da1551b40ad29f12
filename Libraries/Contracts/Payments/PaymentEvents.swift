import Foundation

/// Money for a booking was credited exactly once and the booking settled (it is now paid).
public struct PaymentSucceeded: Event {
    public static let messageType: MessageType = "payments.payment.succeeded.v1"

    public var paymentId: UUID
    public var bookingId: UUID
    public var account: String
    public var amountTiyn: Int64
    public var channel: KaspiChannel
    /// Kaspi's id: `txn_id` (account) or `QrPaymentId` (invoice, link).
    public var kaspiReference: String
    public var paidAt: Date

    public init(paymentId: UUID, bookingId: UUID, account: String, amountTiyn: Int64, channel: KaspiChannel,
                kaspiReference: String, paidAt: Date)
    {
        self.paymentId = paymentId
        self.bookingId = bookingId
        self.account = account
        self.amountTiyn = amountTiyn
        self.channel = channel
        self.kaspiReference = kaspiReference
        self.paidAt = paidAt
    }
}

/// A payment attempt for a booking ended without money: Kaspi reported an error or the invoice lapsed, or
/// money arrived for a booking that could no longer take it (then a `payments.refund.*` event follows).
public struct PaymentFailed: Event {
    public static let messageType: MessageType = "payments.payment.failed.v1"

    public var bookingId: UUID?
    public var account: String
    public var amountTiyn: Int64
    public var channel: KaspiChannel
    public var kaspiReference: String
    /// `kaspi_error`, `expired_at_kaspi`, `booking_expired`, `booking_cancelled`, `already_paid`, `amount_mismatch`.
    public var reason: String
    public var occurredAt: Date

    public init(bookingId: UUID?, account: String, amountTiyn: Int64, channel: KaspiChannel, kaspiReference: String,
                reason: String, occurredAt: Date)
    {
        self.bookingId = bookingId
        self.account = account
        self.amountTiyn = amountTiyn
        self.channel = channel
        self.kaspiReference = kaspiReference
        self.reason = reason
        self.occurredAt = occurredAt
    }
}

/// Money went back to the guest through Kaspi (`payment/return`).
public struct RefundCompleted: Event {
    public static let messageType: MessageType = "payments.refund.completed.v1"

    public var refundId: UUID
    public var bookingId: UUID
    public var amountTiyn: Int64
    public var kaspiReference: String
    public var completedAt: Date

    public init(refundId: UUID, bookingId: UUID, amountTiyn: Int64, kaspiReference: String, completedAt: Date) {
        self.refundId = refundId
        self.bookingId = bookingId
        self.amountTiyn = amountTiyn
        self.kaspiReference = kaspiReference
        self.completedAt = completedAt
    }
}

/// A refund is owed but cannot be made automatically (the booking was paid by account, which has no refund
/// call): an operator pays it and marks it done in the admin panel.
public struct RefundDue: Event {
    public static let messageType: MessageType = "payments.refund.due.v1"

    public var refundId: UUID
    public var bookingId: UUID
    public var amountTiyn: Int64
    public var reason: String
    public var occurredAt: Date

    public init(refundId: UUID, bookingId: UUID, amountTiyn: Int64, reason: String, occurredAt: Date) {
        self.refundId = refundId
        self.bookingId = bookingId
        self.amountTiyn = amountTiyn
        self.reason = reason
        self.occurredAt = occurredAt
    }
}
