import Foundation

/// One Kaspi Pay payment the sandbox holds: an invoice to a phone (`remote/create`), a payment link
/// (`qr/create-link`) or a QR (`qr/create`), with its status and refunds.
public struct SandboxPayment: Sendable {
    public enum Kind: String, Sendable, Codable {
        case invoice, link, qr
    }

    /// The statuses `payment/status` reports (docs/kaspi-protocol.md).
    public enum Status: String, Sendable, Codable {
        case qrTokenCreated = "QrTokenCreated"
        case wait = "Wait"
        case processed = "Processed"
        case error = "Error"

        public var isFinal: Bool { self == .processed || self == .error }
    }

    /// Why a payment ended in `Error` (the sandbox's own detail; Kaspi reports only `Error`).
    public enum ErrorReason: String, Sendable, Codable {
        case declined, expired, cancelled
        case testError = "test_error"
    }

    public let id: Int64
    public let kind: Kind
    public let amountTiyn: Int64
    /// The payer's phone (`7XXXXXXXXXX`) of an invoice.
    public let phone: String?
    public let comment: String?
    public let externalId: String?
    /// `X-Request-ID` of the creating call, for the log.
    public let requestId: String?
    public let createdAt: Date
    /// Until when the payment can be opened (invoice lifetime, link `ExpireDate`).
    public let expiresAt: Date
    public internal(set) var status: Status
    public internal(set) var errorReason: ErrorReason?
    /// When the payer opened it (`Wait`); the confirmation deadline counts from here.
    public internal(set) var waitStartedAt: Date?
    public internal(set) var waitDeadline: Date?
    /// When it became final.
    public internal(set) var finishedAt: Date?
    /// Kaspi's transaction id of a processed payment.
    public internal(set) var transactionId: String?
    public internal(set) var returns: [SandboxReturn] = []

    public var returnedTiyn: Int64 { returns.reduce(0) { $0 + $1.amountTiyn } }
    public var availableReturnTiyn: Int64 { status == .processed ? amountTiyn - returnedTiyn : 0 }

    /// The moment a non-final payment lapses: the open deadline, or the confirmation deadline once in `Wait`.
    public var deadline: Date? {
        switch status {
        case .qrTokenCreated: expiresAt
        case .wait: waitDeadline
        case .processed, .error: nil
        }
    }

    /// Applies expiry as of `now` (the sandbox evaluates it lazily, on every read).
    mutating func settle(now: Date) {
        guard let deadline, now >= deadline else { return }
        status = .error
        errorReason = .expired
        finishedAt = deadline
    }
}

/// One `payment/return` of a payment.
public struct SandboxReturn: Sendable, Codable, Equatable {
    public let returnOperationId: Int64
    public let paymentId: Int64
    public let amountTiyn: Int64
    public let createdAt: Date
}
