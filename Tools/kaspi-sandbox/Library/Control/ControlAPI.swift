import Foundation

/// One request to the control API, already read.
struct ControlRequest: Sendable {
    enum Method: Sendable { case get, post, other }

    let method: Method
    /// The path after `/sandbox/`, split at `/`.
    let components: [String]
    let query: [String: String]
    let body: Data
}

/// The sandbox's own JSON API under `/sandbox/…` for tests and the page: see and move payments, play Kaspi's
/// pay-by-account calls, read the exchanges and refunds, inject faults, reset. Every answer is
/// `{"ok":true,"result":…}` or `{"ok":false,"error":"…"}` with a 4xx status. Reference: docs/kaspi-sandbox.md.
struct ControlAPI: Sendable {
    let state: KaspiState
    let caller: PayByAccountCaller

    static func makeEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }

    func handle(_ request: ControlRequest) async -> (status: Int, body: Data) {
        do throws(ControlError) {
            return (200, try await route(request))
        } catch {
            return (error.status, Self.encode(Failure(error: error.message)))
        }
    }

    private struct Success<Result: Encodable>: Encodable {
        let ok = true
        let result: Result
    }

    private struct Failure: Encodable {
        let ok = false
        let error: String
    }

    private static func encode(_ value: some Encodable) -> Data {
        (try? makeEncoder().encode(value)) ?? Data(#"{"ok":false,"error":"encoding failed"}"#.utf8)
    }

    private func success(_ value: some Encodable) -> Data {
        Self.encode(Success(result: value))
    }

    private func route(_ request: ControlRequest) async throws(ControlError) -> Data {
        let path = request.components
        switch (request.method, path.count, path.first ?? "") {
        case (.get, 1, "invoices"):
            guard let text = request.query["phone"], let phone = PhoneNumber.normalize(text) else {
                throw .badRequest("phone must be a Kazakhstan mobile number, e.g. 77011234567")
            }
            return success(await views(await state.invoices(phone: phone)))
        case (.get, 1, "payments"):
            let externalId = request.query["external_id"]
            let status = request.query["status"]
            let kind = request.query["kind"]
            return success(await views(await state.allPayments().filter {
                (externalId == nil || $0.externalId == externalId) && (status == nil || $0.status.rawValue == status)
                    && (kind == nil || $0.kind.rawValue == kind)
            }))
        case (.get, 2, "payments"):
            return success(try await view(try await existingPayment(path[1])))
        case (.post, 3, "payments"):
            let payment = try await existingPayment(path[1])
            guard ["pay", "scan", "decline"].contains(path[2]) else {
                throw .notFound("no action \(path[2]); use pay, scan or decline")
            }
            do throws(PartnerAPIError) {
                switch path[2] {
                case "pay":
                    try await state.scan(payment.id)
                    try await state.confirm(payment.id)
                case "scan": try await state.scan(payment.id)
                default: try await state.fail(payment.id, reason: .declined)
                }
            } catch {
                let current = await state.payment(payment.id)
                throw .conflict("payment \(payment.id) is \(current?.status.rawValue ?? "gone"): \(error.message)")
            }
            return success(try await view(try await existingPayment(path[1])))
        case (.post, 1, "account-payments"):
            let body: AccountPaymentRequest
            do {
                body = try Self.makeDecoder().decode(AccountPaymentRequest.self, from: request.body)
            } catch {
                throw .badRequest("expected {\"account\":\"…\",\"sum\":\"15000.00\",\"mode\":\"normal|replay|timeout|malformed\",…}")
            }
            do throws(AccountPaymentError) {
                return success(try await caller.run(body))
            } catch {
                throw .badRequest(error.message)
            }
        case (.get, 1, "account-exchanges"):
            let run = try request.query["run"].map { text throws(ControlError) -> Int in
                guard let value = Int(text) else { throw .badRequest("run must be an integer") }
                return value
            }
            return success(await state.accountExchanges(txnId: request.query["txn_id"], run: run))
        case (.get, 1, "refunds"):
            let paymentId = try request.query["payment_id"].map { text throws(ControlError) -> Int64 in
                guard let value = Int64(text) else { throw .badRequest("payment_id must be an integer") }
                return value
            }
            return success(await state.refunds(paymentId: paymentId))
        case (.post, 1, "faults"):
            struct FaultRequest: Decodable {
                var statusCode: Int
                var message: String?
                var count: Int?
            }
            guard let fault = try? Self.makeDecoder().decode(FaultRequest.self, from: request.body) else {
                throw .badRequest("expected {\"status_code\":-999,\"message\":\"…\",\"count\":1}")
            }
            let count = fault.count ?? 1
            guard (1...1000).contains(count) else { throw .badRequest("count must be 1…1000") }
            let error = PartnerAPIError(statusCode: fault.statusCode,
                                        message: fault.message ?? Self.defaultMessage(fault.statusCode))
            await state.addFaults(Array(repeating: error, count: count))
            return success(["queued": count])
        case (.post, 1, "reset"):
            await state.reset()
            return success(true)
        case (.get, 1, "config"):
            let configuration = state.configuration
            return success([
                "organization_bin": configuration.organizationBin,
                "device_token": configuration.deviceToken,
                "trade_point_id": String(configuration.tradePointId),
                "merchant_account_url": configuration.merchantAccountURL ?? "",
                "source_address": configuration.sourceAddress ?? "",
                "link_base_url": await state.linkBaseURL,
            ])
        default:
            throw .notFound("no control endpoint \(request.method) /sandbox/\(path.joined(separator: "/"))")
        }
    }

    private static func defaultMessage(_ statusCode: Int) -> String {
        switch statusCode {
        case -999: PartnerAPIError.unavailable.message
        case -99000006: PartnerAPIError.returnFailed.message
        default: "Ошибка"
        }
    }

    private func existingPayment(_ text: String) async throws(ControlError) -> SandboxPayment {
        guard let id = Int64(text) else { throw .badRequest("payment id must be an integer") }
        guard let payment = await state.payment(id) else { throw .notFound("payment \(id) not found") }
        return payment
    }

    private func views(_ payments: [SandboxPayment]) async -> [PaymentView] {
        let base = await state.linkBaseURL
        let now = state.configuration.now()
        return payments.map { PaymentView($0, now: now, linkBase: base) }
    }

    private func view(_ payment: SandboxPayment) async throws(ControlError) -> PaymentView {
        PaymentView(payment, now: state.configuration.now(), linkBase: await state.linkBaseURL)
    }
}
