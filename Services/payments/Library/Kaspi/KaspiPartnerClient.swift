import Foundation
import HTTPClient
import Logging
import Toolkit

/// The Kaspi Pay partner API (r3) over libcurl. Every call is written to the payment log (never the API key).
struct KaspiPartnerClient: Sendable {
    let http: HTTPClient
    let configuration: KaspiPartnerConfiguration
    let log: PaymentLogRepository
    let logger: Logger

    struct Link: Sendable, Equatable {
        var paymentId: String
        var url: String
        var expiresAt: Date
        var pollInterval: Duration?
    }

    enum Status: String, Sendable, Equatable {
        case qrTokenCreated = "QrTokenCreated"
        case wait = "Wait"
        case processed = "Processed"
        case error = "Error"
    }

    struct PaymentStatus: Sendable, Equatable {
        var status: Status
        var transactionId: String?
        var amountTiyn: Int64?
    }

    struct Details: Sendable, Equatable {
        var totalTiyn: Int64
        var availableReturnTiyn: Int64
    }

    /// What the log should say about one call.
    struct LogContext: Sendable {
        var account: String?
        var bookingId: UUID?
        var amountTiyn: Int64?
        var kaspiPaymentId: String?
    }

    // MARK: Calls

    /// `remote/create`: an invoice to `phone` (11 digits starting with 7). Returns the QrPaymentId.
    func createInvoice(phone: String, amountTiyn: Int64, comment: String, externalId: String,
                       context: LogContext) async throws(KaspiAPIError) -> String
    {
        struct Created: Decodable { var QrPaymentId: KaspiID }
        var body = KaspiJSONObject()
        body.add("OrganizationBin", .string(configuration.organizationBin))
        body.add("DeviceToken", .string(configuration.deviceToken))
        if let tradePoint = configuration.tradePointId { body.add("TradePointId", .integer(Int64(tradePoint))) }
        body.add("PhoneNumber", .string(phone))
        body.add("Amount", .amount(tiyn: amountTiyn))
        body.add("Comment", .string(comment))
        body.add("ExternalId", .string(externalId))
        let created: Created = try await call(.post, "remote/create", body: body, context: context) { data in
            data.QrPaymentId.text
        }
        return created.QrPaymentId.text
    }

    /// `qr/create-link`: a payment link.
    func createLink(amountTiyn: Int64, externalId: String, context: LogContext) async throws(KaspiAPIError) -> Link {
        struct Options: Decodable { var StatusPollingInterval: Int? }
        struct Created: Decodable {
            var PaymentLink: String
            var ExpireDate: String
            var PaymentId: KaspiID
            var PaymentBehaviorOptions: Options?
        }
        var body = KaspiJSONObject()
        body.add("OrganizationBin", .string(configuration.organizationBin))
        body.add("DeviceToken", .string(configuration.deviceToken))
        body.add("Amount", .amount(tiyn: amountTiyn))
        body.add("ExternalId", .string(externalId))
        let created: Created = try await call(.post, "qr/create-link", body: body, context: context) { data in
            data.PaymentId.text
        }
        guard let expires = Self.parseDate(created.ExpireDate) else {
            throw .unavailable("unreadable ExpireDate")
        }
        return Link(paymentId: created.PaymentId.text, url: created.PaymentLink, expiresAt: expires,
                    pollInterval: created.PaymentBehaviorOptions?.StatusPollingInterval.map { .seconds($0) })
    }

    /// `payment/status/{QrPaymentId}`.
    func status(of paymentId: String, context: LogContext) async throws(KaspiAPIError) -> PaymentStatus {
        struct Wire: Decodable {
            var Status: String
            var TransactionId: KaspiID?
            var Amount: KaspiAmount?
        }
        guard paymentId.allSatisfy(\.isNumber) else { throw .refused(statusCode: -1601, message: "bad id") }
        let wire: Wire = try await call(.get, "payment/status/\(paymentId)", body: nil, context: context) { $0.Status }
        guard let status = Status(rawValue: wire.Status) else { throw .unavailable("unknown status \(wire.Status)") }
        return PaymentStatus(status: status, transactionId: wire.TransactionId?.text, amountTiyn: wire.Amount?.tiyn)
    }

    /// `payment/details`: how much of a processed payment can still be returned.
    func details(of paymentId: String, context: LogContext) async throws(KaspiAPIError) -> Details {
        struct Wire: Decodable {
            var TotalAmount: KaspiAmount
            var AvailableReturnAmount: KaspiAmount
        }
        guard paymentId.allSatisfy(\.isNumber) else { throw .refused(statusCode: -1601, message: "bad id") }
        let query = "payment/details?QrPaymentId=\(paymentId)&DeviceToken="
            + (configuration.deviceToken.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
        let wire: Wire = try await call(.get, query, operation: "payment/details", body: nil, context: context) { _ in
            "OK"
        }
        return Details(totalTiyn: wire.TotalAmount.tiyn, availableReturnTiyn: wire.AvailableReturnAmount.tiyn)
    }

    /// `payment/return`: returns `amountTiyn` of a processed payment. Not idempotent: see ``RefundProcessor``.
    func returnPayment(_ paymentId: String, amountTiyn: Int64, context: LogContext) async throws(KaspiAPIError) -> String {
        struct Returned: Decodable { var ReturnOperationId: KaspiID }
        var body = KaspiJSONObject()
        body.add("OrganizationBin", .string(configuration.organizationBin))
        body.add("DeviceToken", .string(configuration.deviceToken))
        body.add("QrPaymentId", .integer(Int64(paymentId) ?? 0))
        body.add("Amount", .amount(tiyn: amountTiyn))
        let returned: Returned = try await call(.post, "payment/return", body: body, context: context) {
            $0.ReturnOperationId.text
        }
        return returned.ReturnOperationId.text
    }

    // MARK: Transport

    /// Sends one call, parses the envelope whatever the HTTP status, logs it. `summary` names the result for the log.
    private func call<Payload: Decodable>(_ method: HTTPMethod, _ path: String, operation: String? = nil,
                                          body: KaspiJSONObject?, context: LogContext,
                                          summary: (Payload) -> String) async throws(KaspiAPIError) -> Payload
    {
        let operation = operation ?? Self.operationName(path)
        let headers: HTTPHeaders = ["Api-Key": configuration.apiKey, "X-Request-ID": UUID().uuidString,
                                    "Accept": "application/json"]
        let request = HTTPRequest(method: method, url: "\(configuration.baseURL)/\(path)", headers: headers,
                                             body: body.map { .data($0.data, contentType: "application/json") } ?? .none,
                                             timeout: configuration.requestTimeout)
        let started = ContinuousClock.now
        var entry = PaymentLogEntry(direction: .outbound, operation: operation, kaspiPaymentId: context.kaspiPaymentId,
                                    account: context.account, bookingId: context.bookingId,
                                    amountTiyn: context.amountTiyn)
        func finish(result: String, httpStatus: Int?, error: String? = nil) async {
            entry.result = result
            entry.httpStatus = httpStatus
            entry.error = error
            entry.durationMs = Int((ContinuousClock.now - started).wholeMilliseconds)
            await log.record(entry)
        }
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            await finish(result: "unavailable", httpStatus: nil, error: "\(error)")
            throw .unavailable("\(error)")
        }
        guard response.status < 500,
              let envelope = try? JSONDecoder().decode(KaspiEnvelope<Payload>.self, from: response.body)
        else {
            // Also a success envelope whose Data does not decode: the outcome is unknown to us.
            if let bare = try? JSONDecoder().decode(KaspiEnvelope<Empty>.self, from: response.body), bare.StatusCode != 0 {
                await finish(result: String(bare.StatusCode), httpStatus: response.status, error: bare.Message)
                throw .refused(statusCode: bare.StatusCode, message: bare.Message ?? "")
            }
            await finish(result: "unavailable", httpStatus: response.status, error: "no readable Kaspi envelope")
            throw .unavailable("HTTP \(response.status) without a readable envelope")
        }
        guard envelope.StatusCode == 0, let payload = envelope.Data else {
            await finish(result: String(envelope.StatusCode), httpStatus: response.status, error: envelope.Message)
            throw .refused(statusCode: envelope.StatusCode, message: envelope.Message ?? "")
        }
        if entry.kaspiPaymentId == nil, operation != "payment/details" { entry.kaspiPaymentId = summary(payload) }
        await finish(result: operation.hasPrefix("payment/status") ? summary(payload) : "0", httpStatus: response.status)
        return payload
    }

    private struct Empty: Decodable {}

    /// `payment/status/123` → `payment/status`.
    static func operationName(_ path: String) -> String {
        let trimmed = path.split(separator: "?").first.map(String.init) ?? path
        if trimmed.hasPrefix("payment/status/") { return "payment/status" }
        return trimmed
    }

    /// ISO 8601 with an offset, with or without fractional seconds.
    static func parseDate(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return fractional.date(from: text)
    }
}
