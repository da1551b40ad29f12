import Foundation

/// RPC: send a Kaspi Pay invoice for a held booking to the guest's phone (partner API `remote/create`).
/// Payments then polls the invoice and settles the booking when Kaspi reports it processed.
/// Idempotent per booking: while an invoice for the booking is live, asking again answers it.
public struct CreateKaspiInvoice: RPCRequest {
    public typealias Response = KaspiPaymentRequestOutcome
    public static let messageType: MessageType = "payments.invoice.create.v1"
    public static let destination: ServiceName = .payments

    public var bookingId: UUID
    /// The booking number (Kaspi account).
    public var account: String
    /// The guest's phone as shared with Telegram's contact button: digits, with or without `+`, e.g. `77011234567`.
    public var phone: String

    public init(bookingId: UUID, account: String, phone: String) {
        self.bookingId = bookingId
        self.account = account
        self.phone = phone
    }
}

/// RPC: a Kaspi Pay payment link for a held booking (partner API `qr/create-link`).
public struct CreateKaspiPaymentLink: RPCRequest {
    public typealias Response = KaspiPaymentRequestOutcome
    public static let messageType: MessageType = "payments.link.create.v1"
    public static let destination: ServiceName = .payments

    public var bookingId: UUID
    public var account: String

    public init(bookingId: UUID, account: String) {
        self.bookingId = bookingId
        self.account = account
    }
}

/// Reply to ``CreateKaspiInvoice`` and ``CreateKaspiPaymentLink``.
public struct KaspiPaymentRequestOutcome: Message {
    public static let messageType: MessageType = "payments.request.reply.v1"

    public enum Result: String, Codable, Sendable, Equatable {
        case created
        /// The booking is unknown, not held any more, or already paid.
        case notPayable = "not_payable"
        /// The phone is not a Kazakhstan mobile number.
        case invalidPhone = "invalid_phone"
        /// Kaspi refused or did not answer; `message` is for the log, not for the guest.
        case kaspiError = "kaspi_error"
    }

    public var result: Result
    /// Kaspi's `QrPaymentId`.
    public var kaspiPaymentId: String?
    /// The payment link (for `link`).
    public var url: String?
    public var amountTiyn: Int64?
    /// When Kaspi stops accepting this payment.
    public var expiresAt: Date?
    /// The phone Kaspi's invoice went to (for `invoice`; digits, «77011234567»): the earlier invoice's number when
    /// a live one is answered again, whatever number the repeated request carried.
    public var phone: String?
    public var message: String?

    public init(result: Result, kaspiPaymentId: String? = nil, url: String? = nil, amountTiyn: Int64? = nil,
                expiresAt: Date? = nil, phone: String? = nil, message: String? = nil)
    {
        self.result = result
        self.kaspiPaymentId = kaspiPaymentId
        self.url = url
        self.amountTiyn = amountTiyn
        self.expiresAt = expiresAt
        self.phone = phone
        self.message = message
    }
}
