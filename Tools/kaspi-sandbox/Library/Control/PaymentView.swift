import Foundation

/// A payment as the control API and the page show it.
public struct PaymentView: Sendable, Codable, Equatable {
    public let id: Int64
    public let kind: SandboxPayment.Kind
    public let status: SandboxPayment.Status
    public let errorReason: SandboxPayment.ErrorReason?
    /// Tenge with two decimals.
    public let amount: String
    public let amountTiyn: Int64
    /// `15 000 ₸`.
    public let amountDisplay: String
    public let phone: String?
    public let comment: String?
    public let externalId: String?
    public let createdAt: Date
    public let expiresAt: Date
    /// When a non-final payment lapses (open deadline, or the confirmation deadline in `Wait`).
    public let deadline: Date?
    public let secondsLeft: Int?
    public let finishedAt: Date?
    public let transactionId: String?
    public let returnedTiyn: Int64
    public let availableReturnTiyn: Int64
    public let returns: [SandboxReturn]
    /// The page where the payer pays it.
    public let link: String

    init(_ payment: SandboxPayment, now: Date, linkBase: String) {
        id = payment.id
        kind = payment.kind
        status = payment.status
        errorReason = payment.errorReason
        amount = Tenge.format(payment.amountTiyn)
        amountTiyn = payment.amountTiyn
        amountDisplay = Tenge.display(payment.amountTiyn)
        phone = payment.phone
        comment = payment.comment
        externalId = payment.externalId
        createdAt = payment.createdAt
        expiresAt = payment.expiresAt
        deadline = payment.deadline
        secondsLeft = payment.deadline.map { max(0, Int($0.timeIntervalSince(now).rounded(.down))) }
        finishedAt = payment.finishedAt
        transactionId = payment.transactionId
        returnedTiyn = payment.returnedTiyn
        availableReturnTiyn = payment.availableReturnTiyn
        returns = payment.returns
        link = "\(linkBase)/pay/\(payment.id)"
    }
}
