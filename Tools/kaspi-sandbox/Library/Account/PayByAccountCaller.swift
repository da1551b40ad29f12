import Foundation
import HTTPClient
import Logging

/// Plays Kaspi against the merchant's pay-by-account endpoint: `check`, then `pay` with the same `txn_id`,
/// re-sending the pay after a timeout or `result 4` (docs/kaspi-protocol.md, part A). Records every exchange.
struct PayByAccountCaller: Sendable {
    let state: KaspiState
    let client: HTTPClient
    let logger: Logger

    private static let finalResults: Set<Int> = [0, 1, 2, 3, 5]

    func run(_ request: AccountPaymentRequest) async throws(AccountPaymentError) -> AccountPaymentOutcome {
        let configuration = state.configuration
        let mode = request.mode ?? .normal
        guard let url = request.url ?? configuration.merchantAccountURL else {
            throw AccountPaymentError(message: "no merchant URL: set KASPI_MERCHANT_ACCOUNT_URL or pass url")
        }
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw AccountPaymentError(message: "url must be an http:// or https:// URL")
        }
        let account = request.account.trimmingCharacters(in: .whitespaces)
        let sum: String
        if let tiyn = Tenge.tiyn(fromDecimal: request.sum.trimmingCharacters(in: .whitespaces)) {
            sum = Tenge.format(tiyn)
        } else if mode == .malformed {
            sum = request.sum
        } else {
            throw AccountPaymentError(message: "sum must be tenge with at most two decimals, e.g. 15000.00")
        }
        if let txnId = request.txnId, txnId.isEmpty || !txnId.allSatisfy({ $0.isASCII && $0.isNumber }) || txnId.count > 20 {
            throw AccountPaymentError(message: "txn_id must be 1–20 digits")
        }
        let txnId: String
        if let given = request.txnId {
            txnId = given
        } else {
            txnId = String(await state.makeIdentifier())
        }
        let source = request.sourceAddress ?? configuration.sourceAddress
        let run = await state.startRun()
        let context = RunContext(run: run, url: url, source: source, txnId: txnId, log: ExchangeLog())
        logger.info("pay-by-account run", metadata: [
            "kaspi.run": "\(run)", "kaspi.txn_id": "\(txnId)", "kaspi.account": "\(account)", "kaspi.sum": "\(sum)",
            "kaspi.mode": "\(mode.rawValue)", "kaspi.source": "\(source ?? "default")",
        ])

        func outcome(_ kind: AccountPaymentOutcome.Outcome, _ last: AccountExchange?, replayIdentical: Bool? = nil)
            -> AccountPaymentOutcome
        {
            AccountPaymentOutcome(run: run, txnId: txnId, account: account, sum: sum, mode: mode.rawValue,
                                  outcome: kind, result: last?.answer?.result, prvTxn: last?.answer?.prvTxn,
                                  replayIdentical: replayIdentical, exchanges: context.log.exchanges)
        }

        if mode == .malformed {
            let exchange = await send(context, command: "pay", attempt: 1,
                                      parameters: malformedParameters(request.defect ?? .txnId, txnId: txnId,
                                                                      account: account, sum: sum),
                                      timeout: configuration.accountRequestTimeout)
            return outcome(.malformedSent, exchange)
        }

        if request.skipCheck != true {
            let check = await send(context, command: "check", attempt: 1,
                                   parameters: [("command", "check"), ("txn_id", txnId), ("account", account),
                                                ("sum", sum)],
                                   timeout: configuration.accountRequestTimeout)
            guard check.answer?.result == 0, check.httpStatus == 200 else {
                return outcome(check.answer?.result == nil ? .gaveUp : .checkRefused, check)
            }
        }

        let txnDate = KaspiDates.compact(configuration.now())
        let payParameters = [("command", "pay"), ("txn_id", txnId), ("account", account), ("sum", sum),
                             ("txn_date", txnDate)]
        var last: AccountExchange?
        var final: AccountExchange?
        for attempt in 1...max(1, configuration.accountMaxAttempts) {
            if attempt > 1 {
                do {
                    try await Task.sleep(for: configuration.accountRetryDelay)
                } catch {
                    break
                }
            }
            var timeout = configuration.accountRequestTimeout
            var discard = false
            if mode == .timeout, attempt == 1 {
                if let milliseconds = request.abortAfterMs {
                    timeout = .milliseconds(max(1, milliseconds))
                } else {
                    discard = true
                }
            }
            let exchange = await send(context, command: "pay", attempt: attempt, parameters: payParameters,
                                      timeout: timeout,
                                      note: discard ? "simulated timeout: answer discarded, the same pay follows" : nil)
            last = exchange
            if discard { continue }
            if isFinal(exchange) {
                final = exchange
                break
            }
        }
        guard let final else { return outcome(.gaveUp, last) }
        let kind: AccountPaymentOutcome.Outcome = final.answer?.result == 0 ? .paid : .refused
        if mode == .replay {
            let replay = await send(context, command: "pay", attempt: final.attempt + 1, parameters: payParameters,
                                    timeout: configuration.accountRequestTimeout, note: "replay of an answered pay")
            return outcome(kind, final, replayIdentical: replay.httpStatus == final.httpStatus
                && replay.body == final.body)
        }
        return outcome(kind, final)
    }

    private struct RunContext {
        let run: Int
        let url: String
        let source: String?
        let txnId: String
        let log: ExchangeLog
    }

    /// The exchanges of one run, in order. Thread safety (hence `@unchecked Sendable`): one run appends
    /// sequentially from its own task, and `items` is guarded by `lock` anyway.
    private final class ExchangeLog: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [AccountExchange] = []

        func append(_ exchange: AccountExchange) { lock.withLock { items.append(exchange) } }
        var exchanges: [AccountExchange] { lock.withLock { items } }
    }

    /// A final answer: HTTP 200 (or the 403 of a refused source) with a JSON `result` of 0, 1, 2, 3 or 5.
    private func isFinal(_ exchange: AccountExchange) -> Bool {
        guard let status = exchange.httpStatus, status == 200 || status == 403,
              let result = exchange.answer?.result
        else { return false }
        return Self.finalResults.contains(result)
    }

    private func malformedParameters(_ defect: AccountPaymentRequest.Defect, txnId: String, account: String,
                                     sum: String) -> [(String, String)]
    {
        let date = KaspiDates.compact(state.configuration.now())
        switch defect {
        case .txnId:
            return [("command", "pay"), ("txn_id", "12ab\(txnId.suffix(4))"), ("account", account), ("sum", sum),
                    ("txn_date", date)]
        case .missingTxnId:
            return [("command", "pay"), ("account", account), ("sum", sum), ("txn_date", date)]
        case .sum:
            return [("command", "pay"), ("txn_id", txnId), ("account", account), ("sum", "abc"), ("txn_date", date)]
        case .account:
            return [("command", "pay"), ("txn_id", txnId), ("sum", sum), ("txn_date", date)]
        case .command:
            return [("command", "refund"), ("txn_id", txnId), ("account", account), ("sum", sum)]
        case .txnDate:
            return [("command", "pay"), ("txn_id", txnId), ("account", account), ("sum", sum),
                    ("txn_date", "20261345996199")]
        }
    }

    private func send(_ context: RunContext, command: String, attempt: Int, parameters: [(String, String)],
                      timeout: Duration, note: String? = nil) async -> AccountExchange
    {
        let query = HTTPBody.formEncoded(parameters)
        let url = context.url + (context.url.contains("?") ? "&" : "?") + query
        let sentAt = Date()
        let started = ContinuousClock.now
        var status: Int?
        var body: String?
        var failure: String?
        var answer: AccountExchange.Answer?
        do {
            let response = try await client.send(HTTPRequest(method: .get, url: url, headers: ["Accept": "application/json"],
                                                             timeout: timeout, localAddress: context.source))
            status = response.status
            body = response.text
            answer = Self.parseAnswer(response.body)
        } catch let error as HTTPClientError {
            failure = "\(error.kind): \(error.message)"
        } catch {
            failure = "cancelled"
        }
        let elapsed = ContinuousClock.now - started
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        let exchange = await state.record { id in
            AccountExchange(id: id, run: context.run, txnId: context.txnId, command: command, attempt: attempt,
                            url: url, sourceAddress: context.source, sentAt: sentAt, durationMs: milliseconds,
                            httpStatus: status, body: body, error: failure, answer: answer, note: note)
        }
        context.log.append(exchange)
        logger.info("pay-by-account exchange", metadata: [
            "kaspi.run": "\(context.run)", "kaspi.txn_id": "\(context.txnId)", "kaspi.command": "\(command)",
            "kaspi.attempt": "\(attempt)", "http.status": "\(status.map(String.init) ?? "-")",
            "kaspi.result": "\(answer?.result.map(String.init) ?? "-")", "error": "\(failure ?? "")",
        ])
        return exchange
    }

    static func parseAnswer(_ body: Data) -> AccountExchange.Answer? {
        guard let json = KaspiJSON.parse(body), case .object = json else { return nil }
        return AccountExchange.Answer(txnId: json["txn_id"]?.textValue, prvTxn: json["prv_txn"]?.textValue,
                                      sum: json["sum"]?.textValue,
                                      result: json["result"]?.int64Value.flatMap { Int(exactly: $0) },
                                      comment: json["comment"]?.stringValue)
    }
}
