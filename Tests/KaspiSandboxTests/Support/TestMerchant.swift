import Foundation
import Hummingbird
import KaspiSandbox
import Logging
import NIOCore

/// A tiny merchant implementing the pay-by-account protocol (docs/kaspi-protocol.md, part A) the way payments
/// must: stored answers per pay `txn_id`, credit once, allow-listed sources. Tests steer its quirks.
actor MerchantBook {
    struct Seen: Sendable {
        let peer: String
        let query: [String: String]
    }

    /// Amount due per account (tiyn); accounts not listed are unknown.
    var due: [String: Int64]
    var allowed: Set<String>
    private(set) var paidBy: [String: String] = [:]
    private(set) var credits = 0
    private(set) var seen: [Seen] = []
    private var answers: [String: String] = [:]
    private var nextPrvTxn = 7_100_000_001
    /// Delay (before answering) of the next pay requests, one entry per request.
    var payDelays: [Duration] = []
    /// Answer `result 4` to this many pays first.
    var busyPays = 0

    init(due: [String: Int64], allowed: Set<String> = ["127.0.0.1"]) {
        self.due = due
        self.allowed = allowed
    }

    func setAllowed(_ addresses: Set<String>) { allowed = addresses }
    func setPayDelays(_ delays: [Duration]) { payDelays = delays }
    func setBusyPays(_ count: Int) { busyPays = count }

    func takePayDelay(_ query: [String: String]) -> Duration? {
        guard query["command"] == "pay", !payDelays.isEmpty else { return nil }
        return payDelays.removeFirst()
    }

    func handle(peer: String, query: [String: String]) -> (status: Int, body: String) {
        seen.append(Seen(peer: peer, query: query))
        let txnId = query["txn_id"] ?? ""
        func answer(_ result: Int, _ comment: String, sum: String = query["sum"] ?? "0.00", prv: String = "") -> String {
            KaspiJSON.object([("txn_id", .string(txnId)), ("prv_txn", .string(prv)), ("sum", .string(sum)),
                              ("result", .int(Int64(result))), ("comment", .string(comment))]).text
        }
        guard allowed.contains(peer) else { return (403, answer(5, "Адрес источника не разрешён")) }
        guard !txnId.isEmpty, txnId.count <= 20, txnId.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            return (200, answer(5, "Неверный txn_id"))
        }
        guard let account = query["account"], !account.isEmpty else { return (200, answer(5, "Нет account")) }
        guard let sumText = query["sum"], let sum = Tenge.tiyn(fromDecimal: sumText) else {
            return (200, answer(5, "Неверная сумма"))
        }
        switch query["command"] {
        case "check":
            guard let amount = due[account] else { return (200, answer(1, "Бронь не найдена")) }
            if paidBy[account] != nil { return (200, answer(3, "Уже оплачено")) }
            guard sum == 0 || sum == amount else { return (200, answer(5, "Сумма не совпадает")) }
            return (200, answer(0, "OK", sum: Tenge.format(amount)))
        case "pay":
            if let stored = answers[txnId] { return (200, stored) }
            guard let date = query["txn_date"], date.count == 14, date.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let month = Int(date.dropFirst(4).prefix(2)), (1...12).contains(month)
            else { return (200, answer(5, "Неверная txn_date")) }
            if busyPays > 0 {
                busyPays -= 1
                return (200, answer(4, "Обрабатывается"))
            }
            let text: String
            if let amount = due[account] {
                if paidBy[account] != nil {
                    text = answer(3, "Уже оплачено")
                } else if sum != amount {
                    text = answer(5, "Сумма не совпадает")
                } else {
                    paidBy[account] = txnId
                    credits += 1
                    text = answer(0, "OK", sum: Tenge.format(amount), prv: String(nextPrvTxn))
                    nextPrvTxn += 1
                }
            } else {
                text = answer(1, "Бронь не найдена")
            }
            answers[txnId] = text
            return (200, text)
        default:
            return (200, answer(5, "Неизвестная команда"))
        }
    }
}

private struct PeerContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peer: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peer = source.channel.remoteAddress?.ipAddress ?? "?"
    }
}

/// Runs the test merchant on 127.0.0.1 (free port) for the duration of `body`; passes its pay-by-account URL.
func withTestMerchant<T: Sendable>(_ book: MerchantBook, _ body: @Sendable (String) async throws -> T) async throws -> T {
    let router = Router(context: PeerContext.self)
    router.get("kaspi/pay-by-account") { request, context -> Response in
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        if let delay = await book.takePayDelay(query) { try await Task.sleep(for: delay) }
        let answer = await book.handle(peer: context.peer, query: query)
        var headers = HTTPFields()
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .init(code: answer.status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: answer.body)))
    }
    let (ports, portsContinuation) = AsyncStream<Int>.makeStream()
    var logger = Logger(label: "kaspi-sandbox-tests.merchant")
    logger.logLevel = .critical
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                          onServerRunning: { channel in
                              portsContinuation.yield(channel.localAddress?.port ?? 0)
                              portsContinuation.finish()
                          },
                          logger: logger)
    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await app.run()
            return nil
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            group.cancelAll()
            throw UnexpectedAnswer(detail: "the test merchant did not start")
        }
        let result: Result<T, any Error>
        do {
            result = .success(try await body("http://127.0.0.1:\(port)/kaspi/pay-by-account"))
        } catch {
            result = .failure(error)
        }
        group.cancelAll()
        return try result.get()
    }
}
