import Foundation
import Logging

/// One partner API request, already read.
struct PartnerAPIRequest: Sendable {
    enum Method: Sendable { case get, post, other }

    let method: Method
    /// The API version segment (`v01`, `v02`).
    let version: String
    /// The path after `/r3/<version>/`, split at `/`.
    let components: [String]
    let query: [String: String]
    let apiKey: String?
    let requestId: String?
    let body: [UInt8]
}

/// The Kaspi Pay partner API (r3 scheme) as docs/kaspi-protocol.md describes it: `Api-Key` check, validation with
/// Kaspi's error codes, the `{"StatusCode","Message","Data"}` envelope.
struct PartnerAPIHandler: Sendable {
    let state: KaspiState
    let logger: Logger

    /// Answers with the HTTP status and the envelope.
    func handle(_ request: PartnerAPIRequest) async -> (status: Int, body: KaspiJSON) {
        do throws(PartnerAPIError) {
            let data = try await route(request)
            var members: [(String, KaspiJSON)] = [("StatusCode", .int(0)), ("Message", .string("OK"))]
            if let data { members.append(("Data", data)) }
            return (200, .object(members))
        } catch {
            logger.info("partner API refused", metadata: [
                "kaspi.path": "\(request.components.joined(separator: "/"))",
                "kaspi.status_code": "\(error.statusCode)", "kaspi.request_id": "\(request.requestId ?? "")",
            ])
            return (error.httpStatus, .object([("StatusCode", .int(Int64(error.statusCode))),
                                               ("Message", .string(error.message))]))
        }
    }

    private func route(_ request: PartnerAPIRequest) async throws(PartnerAPIError) -> KaspiJSON? {
        let configuration = state.configuration
        guard let key = request.apiKey, Self.constantTimeEquals(key, configuration.apiKey) else {
            throw .unauthorized
        }
        let path = request.components
        if request.method == .get, path == ["health", "ping"] { return nil }
        if path.first == "test" { return try await testCall(request) }
        if let fault = await state.takeFault() { throw fault }

        switch (request.method, path.count, path.first ?? "") {
        case (.get, 3, "partner") where path[1] == "tradepoints":
            guard path[2] == configuration.organizationBin else { throw .tradePointNotFound }
            return .array([.object([("TradePointId", .int(configuration.tradePointId)),
                                    ("TradePointName", .string(configuration.tradePointName))])])
        case (.post, 2, "remote") where path[1] == "create":
            return try await remoteCreate(try body(request))
        case (.post, 2, "remote") where path[1] == "cancel":
            let body = try body(request)
            try checkMerchant(body)
            let id = try paymentId(body)
            guard await state.payment(id) != nil else { throw .purchaseNotFound }
            try await state.fail(id, reason: .cancelled)
            return .object([("Status", .string("RemotePaymentCanceled"))])
        case (.post, 2, "qr") where path[1] == "create-link" || path[1] == "create":
            return try await createLink(try body(request), qr: path[1] == "create", requestId: request.requestId)
        case (.get, 3, "payment") where path[1] == "status":
            guard let id = Int64(path[2]) else { throw .purchaseNotFound }
            return try await status(id)
        case (.get, 2, "payment") where path[1] == "details":
            guard let text = request.query["QrPaymentId"] ?? request.query["qrPaymentId"] else {
                throw .malformed("QrPaymentId is required")
            }
            guard let id = Int64(text) else { throw .malformed("QrPaymentId must be an integer") }
            let device = request.query["DeviceToken"] ?? request.query["deviceToken"]
            guard let device else { throw .malformed("DeviceToken is required") }
            guard device == configuration.deviceToken else { throw .deviceNotFound }
            return try await details(id)
        case (.post, 2, "payment") where path[1] == "return":
            return try await paymentReturn(try body(request))
        default:
            throw .notFoundEndpoint
        }
    }

    // MARK: Endpoints

    private func remoteCreate(_ body: KaspiJSON) async throws(PartnerAPIError) -> KaspiJSON {
        try checkMerchant(body)
        if let tradePoint = body["TradePointId"], tradePoint != .null {
            guard let id = tradePoint.int64Value else { throw .malformed("TradePointId must be an integer") }
            guard id == state.configuration.tradePointId else { throw .tradePointNotFound }
        }
        guard let phoneText = body["PhoneNumber"]?.textValue else { throw .malformed("PhoneNumber is required") }
        let amount = try amountTiyn(body)
        let comment = try optionalText(body, "Comment", maximumLength: 255)
        let externalId = try optionalText(body, "ExternalId", maximumLength: 64)
        guard let phone = PhoneNumber.normalize(phoneText) else { throw .noPaymentMethods }
        let payment = await state.createInvoice(phone: phone, amountTiyn: amount, comment: comment,
                                                externalId: externalId, requestId: nil)
        return .object([("QrPaymentId", .int(payment.id))])
    }

    private func createLink(_ body: KaspiJSON, qr: Bool, requestId: String?) async throws(PartnerAPIError) -> KaspiJSON {
        try checkMerchant(body)
        let amount = try amountTiyn(body)
        let externalId = try optionalText(body, "ExternalId", maximumLength: 64)
        let payment = await state.createLink(kind: qr ? .qr : .link, amountTiyn: amount, externalId: externalId,
                                             requestId: requestId)
        let configuration = state.configuration
        let methods: KaspiJSON = .array([.string("Gold"), .string("Red"), .string("Loan")])
        let polling = KaspiJSON.int(max(1, configuration.statusPollingInterval.wholeSeconds))
        let lifetime = KaspiJSON.int(configuration.linkLifetime.wholeSeconds)
        let confirmation = KaspiJSON.int(configuration.confirmationTimeout.wholeSeconds)
        let expire = KaspiJSON.string(KaspiDates.format(payment.expiresAt))
        if qr {
            return .object([
                ("QrToken", .string("\(await state.linkBaseURL)/pay/\(payment.id)")),
                ("ExpireDate", expire),
                ("QrPaymentId", .int(payment.id)),
                ("PaymentMethods", methods),
                ("QrPaymentBehaviorOptions", .object([("StatusPollingInterval", polling),
                                                      ("QrCodeScanWaitTimeout", lifetime),
                                                      ("PaymentConfirmationTimeout", confirmation)])),
            ])
        }
        return .object([
            ("PaymentLink", .string("\(await state.linkBaseURL)/pay/\(payment.id)")),
            ("ExpireDate", expire),
            ("PaymentId", .int(payment.id)),
            ("PaymentMethods", methods),
            ("PaymentBehaviorOptions", .object([("StatusPollingInterval", polling),
                                                ("LinkActivationWaitTimeout", lifetime),
                                                ("PaymentConfirmationTimeout", confirmation)])),
        ])
    }

    private func status(_ id: Int64) async throws(PartnerAPIError) -> KaspiJSON {
        guard let payment = await state.payment(id) else { throw .purchaseNotFound }
        var members: [(String, KaspiJSON)] = [("Status", .string(payment.status.rawValue))]
        if payment.status == .processed {
            members += [("TransactionId", .string(payment.transactionId ?? "")),
                        ("ProductType", .string("Gold")),
                        ("Amount", .number(Tenge.format(payment.amountTiyn))),
                        ("StoreName", .string(state.configuration.tradePointName)),
                        ("Address", .string("")),
                        ("City", .string("Алматы"))]
        }
        return .object(members)
    }

    private func details(_ id: Int64) async throws(PartnerAPIError) -> KaspiJSON {
        guard let payment = await state.payment(id) else { throw .purchaseNotFound }
        guard payment.status == .processed, let paidAt = payment.finishedAt else { throw .wrongStatus }
        return .object([("QrPaymentId", .int(payment.id)),
                        ("TotalAmount", .number(Tenge.format(payment.amountTiyn))),
                        ("AvailableReturnAmount", .number(Tenge.format(payment.availableReturnTiyn))),
                        ("TransactionDate", .string(KaspiDates.format(paidAt)))])
    }

    private func paymentReturn(_ body: KaspiJSON) async throws(PartnerAPIError) -> KaspiJSON {
        try checkMerchant(body)
        let id = try paymentId(body)
        let amount = try amountTiyn(body)
        let operation = try await state.refund(id, amountTiyn: amount)
        return .object([("ReturnOperationId", .int(operation.returnOperationId))])
    }

    /// `test/payment/{id}/scan|confirm|error` and `test/payment/scan|confirm|scanerror|confirmerror` + body.
    private func testCall(_ request: PartnerAPIRequest) async throws(PartnerAPIError) -> KaspiJSON? {
        guard request.method == .post else { throw .notFoundEndpoint }
        let path = request.components
        let id: Int64
        let action: String
        if path.count == 4, path[1] == "payment" {
            guard let parsed = Int64(path[2]) else { throw .purchaseNotFound }
            id = parsed
            action = path[3]
        } else if path.count == 3, path[1] == "payment" {
            let body = try body(request)
            guard let parsed = body.member(caseInsensitive: "QrPaymentId")?.int64Value else {
                throw .malformed("QrPaymentId is required")
            }
            id = parsed
            action = path[2]
        } else {
            throw .notFoundEndpoint
        }
        switch action {
        case "scan": try await state.scan(id)
        case "confirm": try await state.confirm(id)
        case "error", "scanerror", "confirmerror": try await state.fail(id, reason: .testError)
        default: throw .notFoundEndpoint
        }
        return nil
    }

    // MARK: Validation

    private func body(_ request: PartnerAPIRequest) throws(PartnerAPIError) -> KaspiJSON {
        guard let json = KaspiJSON.parse(request.body), case .object = json else {
            throw .malformed("the body must be a JSON object")
        }
        return json
    }

    /// `OrganizationBin` (12 digits, ours) and `DeviceToken` (ours).
    private func checkMerchant(_ body: KaspiJSON) throws(PartnerAPIError) {
        guard let bin = body["OrganizationBin"]?.textValue else { throw .malformed("OrganizationBin is required") }
        guard bin.count == 12, bin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .malformed("OrganizationBin must be 12 digits")
        }
        guard bin == state.configuration.organizationBin else { throw .tradePointNotFound }
        guard let device = body["DeviceToken"]?.textValue else { throw .malformed("DeviceToken is required") }
        guard device == state.configuration.deviceToken else { throw .deviceNotFound }
    }

    private func paymentId(_ body: KaspiJSON) throws(PartnerAPIError) -> Int64 {
        guard let value = body["QrPaymentId"] else { throw .malformed("QrPaymentId is required") }
        guard let id = value.int64Value else { throw .malformed("QrPaymentId must be an integer") }
        return id
    }

    private func amountTiyn(_ body: KaspiJSON) throws(PartnerAPIError) -> Int64 {
        guard let value = body["Amount"] else { throw .malformed("Amount is required") }
        guard case .number(let text) = value else { throw .malformed("Amount must be a number") }
        guard let tiyn = Tenge.tiyn(fromDecimal: text), tiyn > 0, tiyn <= Tenge.maximumTiyn else {
            throw .invalidAmount
        }
        return tiyn
    }

    private func optionalText(_ body: KaspiJSON, _ name: String, maximumLength: Int) throws(PartnerAPIError) -> String? {
        guard let value = body[name], value != .null else { return nil }
        guard let text = value.textValue else { throw .malformed("\(name) must be a string") }
        guard text.count <= maximumLength else { throw .malformed("\(name) is longer than \(maximumLength)") }
        return text
    }

    /// Compares secrets without stopping at the first difference.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        var difference = UInt8(left.count == right.count ? 0 : 1)
        for index in 0..<max(left.count, right.count) {
            let x = index < left.count ? left[index] : 0
            let y = index < right.count ? right[index] : 0
            difference |= x ^ y
        }
        return difference == 0
    }
}
