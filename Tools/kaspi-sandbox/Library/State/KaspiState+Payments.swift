import Foundation
import Logging
import Toolkit

/// Payment operations behind the partner API, the test endpoints, the page and the control API.
extension KaspiState {
    /// `remote/create`: an invoice to `phone` (already normalised), payable for the invoice lifetime.
    func createInvoice(phone: String, amountTiyn: Int64, comment: String?, externalId: String?, requestId: String?)
        -> SandboxPayment
    {
        let created = now
        let payment = SandboxPayment(id: makeIdentifier(), kind: .invoice, amountTiyn: amountTiyn, phone: phone,
                                     comment: comment, externalId: externalId, requestId: requestId,
                                     createdAt: created,
                                     expiresAt: created.addingTimeInterval(configuration.invoiceLifetime.timeInterval),
                                     status: .qrTokenCreated)
        store(payment)
        logger.info("invoice created", metadata: [
            "kaspi.payment_id": "\(payment.id)", "kaspi.amount_tiyn": "\(amountTiyn)",
            "kaspi.phone_suffix": "\(phone.suffix(4))", "kaspi.external_id": "\(externalId ?? "")",
        ])
        return payment
    }

    /// `qr/create-link` / `qr/create`: a link or QR, payable until its `ExpireDate`.
    func createLink(kind: SandboxPayment.Kind, amountTiyn: Int64, externalId: String?, requestId: String?)
        -> SandboxPayment
    {
        let created = now
        let payment = SandboxPayment(id: makeIdentifier(), kind: kind, amountTiyn: amountTiyn, phone: nil,
                                     comment: nil, externalId: externalId, requestId: requestId, createdAt: created,
                                     expiresAt: created.addingTimeInterval(configuration.linkLifetime.timeInterval),
                                     status: .qrTokenCreated)
        store(payment)
        logger.info("payment link created", metadata: [
            "kaspi.payment_id": "\(payment.id)", "kaspi.kind": "\(kind.rawValue)",
            "kaspi.amount_tiyn": "\(amountTiyn)", "kaspi.external_id": "\(externalId ?? "")",
        ])
        return payment
    }

    /// The payer opened the payment: `QrTokenCreated` → `Wait`. Refused for final payments.
    @discardableResult
    func scan(_ id: Int64) throws(PartnerAPIError) -> SandboxPayment {
        guard var payment = settledPayment(id) else { throw .purchaseNotFound }
        switch payment.status {
        case .qrTokenCreated:
            let at = now
            payment.status = .wait
            payment.waitStartedAt = at
            payment.waitDeadline = at.addingTimeInterval(configuration.confirmationTimeout.timeInterval)
            store(payment)
            logger.info("payment opened", metadata: ["kaspi.payment_id": "\(id)"])
        case .wait:
            break
        case .processed, .error:
            throw .wrongStatus
        }
        return payment
    }

    /// The payer confirmed: `QrTokenCreated`/`Wait` → `Processed`.
    @discardableResult
    func confirm(_ id: Int64) throws(PartnerAPIError) -> SandboxPayment {
        guard var payment = settledPayment(id) else { throw .purchaseNotFound }
        guard !payment.status.isFinal else { throw .wrongStatus }
        let at = now
        if payment.waitStartedAt == nil { payment.waitStartedAt = at }
        payment.status = .processed
        payment.finishedAt = at
        payment.transactionId = String(makeIdentifier())
        store(payment)
        logger.info("payment processed", metadata: [
            "kaspi.payment_id": "\(id)", "kaspi.amount_tiyn": "\(payment.amountTiyn)",
            "kaspi.transaction_id": "\(payment.transactionId ?? "")",
        ])
        return payment
    }

    /// The payer declined, the merchant cancelled, or a test error: non-final → `Error`.
    @discardableResult
    func fail(_ id: Int64, reason: SandboxPayment.ErrorReason) throws(PartnerAPIError) -> SandboxPayment {
        guard var payment = settledPayment(id) else { throw .purchaseNotFound }
        guard !payment.status.isFinal else { throw .wrongStatus }
        payment.status = .error
        payment.errorReason = reason
        payment.finishedAt = now
        store(payment)
        logger.info("payment failed", metadata: ["kaspi.payment_id": "\(id)", "kaspi.reason": "\(reason.rawValue)"])
        return payment
    }

    /// `payment/return`: refunds `amountTiyn` of a processed payment; the sum of returns never exceeds the amount.
    func refund(_ id: Int64, amountTiyn: Int64) throws(PartnerAPIError) -> SandboxReturn {
        guard var payment = settledPayment(id) else { throw .returnPurchaseNotFound }
        guard payment.status == .processed else { throw .wrongStatus }
        guard amountTiyn <= payment.availableReturnTiyn else { throw .returnExceedsAmount }
        let operation = SandboxReturn(returnOperationId: makeIdentifier(), paymentId: id, amountTiyn: amountTiyn,
                                      createdAt: now)
        payment.returns.append(operation)
        store(payment)
        logger.info("payment returned", metadata: [
            "kaspi.payment_id": "\(id)", "kaspi.return_id": "\(operation.returnOperationId)",
            "kaspi.amount_tiyn": "\(amountTiyn)", "kaspi.available_tiyn": "\(payment.availableReturnTiyn)",
        ])
        return operation
    }

    /// Non-final invoices and links addressed to `phone`, and the finished ones too, newest first.
    public func invoices(phone: String) -> [SandboxPayment] {
        allPayments().filter { $0.phone == phone }
    }

    /// Every return, oldest first, optionally of one payment.
    public func refunds(paymentId: Int64? = nil) -> [SandboxReturn] {
        paymentOrder.compactMap { payments[$0] }
            .filter { paymentId == nil || $0.id == paymentId }
            .flatMap(\.returns)
            .sorted { $0.createdAt < $1.createdAt }
    }
}

/// What a payer (or Kaspi's test calls) can do, for tests that drive the sandbox in-process.
extension KaspiState {
    /// The payer opens and confirms the payment: → `Processed`. Throws `-1601` / `-99000011` like the test calls.
    @discardableResult
    public func payerPays(_ id: Int64) throws(PartnerAPIError) -> SandboxPayment {
        try scan(id)
        return try confirm(id)
    }

    /// The payer opens the payment: → `Wait`.
    @discardableResult
    public func payerOpens(_ id: Int64) throws(PartnerAPIError) -> SandboxPayment {
        try scan(id)
    }

    /// The payer declines: → `Error` (`declined`).
    @discardableResult
    public func payerDeclines(_ id: Int64) throws(PartnerAPIError) -> SandboxPayment {
        try fail(id, reason: .declined)
    }

    /// The next `count` partner API calls (except `health/ping` and `test/…`) fail with `statusCode`.
    public func failNextCalls(statusCode: Int, message: String = "Сервис временно недоступен", count: Int = 1) {
        addFaults(Array(repeating: PartnerAPIError(statusCode: statusCode, message: message), count: max(0, count)))
    }
}
