import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Toolkit

/// `GET /kaspi/pay-by-account`: Kaspi's pay-by-account protocol over HTTP (docs/kaspi-protocol.md, part A).
/// HTTP 200 with the JSON answer — except for sources outside the allow-list, which get HTTP 403 with the same JSON
/// shape (result 5, «Адрес источника не разрешён») and change nothing, and for methods other than GET (HTTP 405,
/// result 5, after the allow-list).
struct PayByAccountEndpoint: Sendable {
    static let path = "/kaspi/pay-by-account"

    let service: PayByAccountService
    let policy: SourceAddressPolicy
    let log: PaymentLogRepository
    let logger: Logger

    /// Kaspi only sends GET. Other methods on the path are answered too — HTTP 405 with the usual JSON shape
    /// (result 5) and a payment-log row — rather than an empty 404, so that odd callers leave a trace.
    static let refusedMethods: [HTTPRequest.Method] = [.post, .put, .patch, .delete, .head, .options]

    func addRoutes<Context: RemoteAddressRequestContext>(to router: Router<Context>) {
        let handler: @Sendable (Request, Context) async throws -> Response = { request, context in
            let peer = context.remoteAddress?.ipAddress.flatMap(IPAddress.init)
            let forwarded = request.headers[values: .xForwardedFor]
            var parameters: [String: String] = [:]
            var repeated: Set<String> = []
            for (name, value) in request.uri.queryParameters {
                if parameters[String(name)] == nil {
                    parameters[String(name)] = String(value)
                } else {
                    repeated.insert(String(name))
                }
            }
            let (status, body) = await self.answer(parameters: parameters, repeated: repeated, peer: peer,
                                                   forwardedFor: forwarded, method: request.method)
            var headers: HTTPFields = [.contentType: "application/json; charset=utf-8"]
            if status == .methodNotAllowed { headers[.allow] = "GET" }
            return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        router.get(RouterPath(Self.path), use: handler)
        for method in Self.refusedMethods {
            router.on(RouterPath(Self.path), method: method, use: handler)
        }
    }

    /// The whole endpoint without HTTP: decides, handles, logs.
    func answer(parameters: [String: String], repeated: Set<String> = [], peer: IPAddress?,
                forwardedFor: [String], method: HTTPRequest.Method = .get) async -> (status: HTTPResponse.Status, body: Data)
    {
        let started = ContinuousClock.now
        let txnId = parameters["txn_id"] ?? ""
        let operation = parameters["command"].flatMap { PayByAccountRequest.Command(rawValue: $0)?.rawValue }
        var entry = PaymentLogEntry(direction: .inbound, operation: operation ?? "malformed",
                                    txnId: txnId.isEmpty ? nil : String(txnId.prefix(64)),
                                    account: parameters["account"].map { String($0.prefix(64)) },
                                    amountTiyn: parameters["sum"].flatMap(Tiyn.parse),
                                    sourceAddress: peer?.description)
        func finish(_ body: Data, result: KaspiResultCode, note: String? = nil,
                    status: HTTPResponse.Status = .ok) async -> (status: HTTPResponse.Status, body: Data)
        {
            entry.result = String(result.rawValue)
            entry.httpStatus = status.code
            entry.durationMs = Int((ContinuousClock.now - started).wholeMilliseconds)
            if let note { entry.error = note }
            await log.record(entry)
            return (status, body)
        }
        func reject(_ code: KaspiResultCode, _ comment: String) -> Data {
            PayByAccountAnswer(txnId: String(txnId.prefix(64)), prvTxn: "", amountTiyn: entry.amountTiyn ?? 0,
                               result: code, comment: comment).body
        }
        /// Refused before anything is looked up (wrong method, a parameter that does not parse): logged as
        /// `<command>.malformed`.
        func refuseMalformed(_ code: KaspiResultCode, _ comment: String, note: String,
                             status: HTTPResponse.Status = .ok) async -> (status: HTTPResponse.Status, body: Data)
        {
            if entry.operation != "malformed" { entry.operation += ".malformed" }
            return await finish(reject(code, comment), result: code, note: note, status: status)
        }

        switch policy.decide(peer: peer, forwardedFor: forwardedFor) {
        case let .refused(client, reason):
            entry.operation = "refused"
            entry.sourceAddress = client?.description ?? peer?.description
            logger.warning("pay-by-account request from a source that is not allowed", metadata: [
                "net.peer": "\(peer?.description ?? "-")", "net.client": "\(client?.description ?? "-")",
            ])
            return await finish(reject(.other, PayByAccountService.Comment.forbidden), result: .other, note: reason,
                                status: .forbidden)
        case let .allowed(client):
            entry.sourceAddress = client.description
        }

        guard method == .get else {
            return await refuseMalformed(.other, "Метод \(method.rawValue) не поддерживается, только GET",
                                         note: "HTTP method \(method.rawValue)", status: .methodNotAllowed)
        }
        let request: PayByAccountRequest
        switch PayByAccountRequest.parse(parameters, repeated: repeated) {
        case let .failure(rejection):
            return await refuseMalformed(rejection.code, rejection.comment, note: rejection.comment)
        case let .success(parsed):
            request = parsed
        }
        entry.amountTiyn = request.amountTiyn
        entry.account = request.account
        do {
            let outcome = try await service.handle(request)
            entry.bookingId = outcome.bookingId
            return await finish(outcome.body, result: outcome.result, note: outcome.replayed ? "replayed" : nil)
        } catch {
            // The database failed: nothing is known to be stored, so Kaspi should send the same txn_id again.
            logger.error("pay-by-account failed", metadata: ["kaspi.txn_id": "\(request.txnId)", "error": "\(error)"])
            let code: KaspiResultCode = request.command == .pay ? .inProgress : .other
            let body = PayByAccountAnswer(txnId: request.txnId, prvTxn: "", amountTiyn: request.amountTiyn ?? 0,
                                          result: code, comment: PayByAccountService.Comment.unavailable).body
            return await finish(body, result: code, note: "\(error)")
        }
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
}
