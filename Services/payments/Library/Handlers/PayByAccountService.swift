import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// Kaspi's pay-by-account protocol: `check` asks booking whether the account can be paid, `pay` credits the money
/// exactly once per `txn_id` — under re-sends, concurrent duplicates, restarts and crashes.
///
/// `pay`: the txn_id is registered (`in_progress`, with a lease) in its own transaction; booking settles the
/// booking with `SettlePayment(reference "account:<txn_id>")`, which is idempotent; the answer, the credited payment
/// and `PaymentSucceeded` are stored in one transaction. A crash before that leaves the row `in_progress`: Kaspi
/// re-sends the txn_id, the lease has lapsed, settling again answers `settled`, and the answer is stored then.
struct PayByAccountService: Sendable {
    let database: DatabasePool
    let outbox: Outbox
    let booking: any BookingGateway
    let clock: BusinessClock
    /// How long one request owns an `in_progress` txn_id before a re-send may take over.
    let lease: Duration
    let transactions = KaspiTransactionRepository()
    let payments = PaymentRepository()
    let logger: Logger

    /// The answer and what to write in the payment log.
    struct Outcome: Sendable {
        var body: Data
        var result: KaspiResultCode
        var bookingId: UUID?
        var replayed = false
    }

    func handle(_ request: PayByAccountRequest) async throws -> Outcome {
        switch request.command {
        case .check: await check(request)
        case .pay: try await pay(request)
        }
    }

    // MARK: check

    func check(_ request: PayByAccountRequest) async -> Outcome {
        func answer(_ code: KaspiResultCode, _ comment: String, amount: Int64?, bookingId: UUID? = nil) -> Outcome {
            let body = PayByAccountAnswer(txnId: request.txnId, prvTxn: "", amountTiyn: amount ?? 0, result: code,
                                          comment: comment).body
            return Outcome(body: body, result: code, bookingId: bookingId)
        }
        let status: PayableStatus
        do {
            status = try await booking.checkPayable(account: request.account)
        } catch {
            logger.warning("booking did not answer CheckPayable", metadata: [
                "kaspi.txn_id": "\(request.txnId)", "kaspi.account": "\(request.account)", "error": "\(error)",
            ])
            return answer(.other, Comment.unavailable, amount: request.amountTiyn)
        }
        let summary = status.booking
        let due = summary?.totalTiyn ?? request.amountTiyn
        switch status.result {
        case .payable:
            guard let summary else { return answer(.other, Comment.unavailable, amount: request.amountTiyn) }
            if let amount = request.amountTiyn, amount != summary.totalTiyn {
                return answer(.other, Comment.wrongSum(summary.totalTiyn), amount: summary.totalTiyn,
                              bookingId: summary.bookingId)
            }
            return answer(.ok, Comment.ok, amount: summary.totalTiyn, bookingId: summary.bookingId)
        case .notFound:
            return answer(.notFound, Comment.notFound, amount: request.amountTiyn)
        case .alreadyPaid:
            return answer(.alreadyPaid, Comment.alreadyPaid, amount: due, bookingId: summary?.bookingId)
        case .expired:
            return answer(.cancelledOrExpired, Comment.expired, amount: due, bookingId: summary?.bookingId)
        case .cancelled:
            return answer(.cancelledOrExpired, Comment.cancelled, amount: due, bookingId: summary?.bookingId)
        }
    }

    // MARK: pay

    func pay(_ request: PayByAccountRequest) async throws -> Outcome {
        guard let amount = request.amountTiyn, let txnDate = request.txnDate else {
            // PayByAccountRequest.parse refuses a pay without them; answer defensively all the same.
            return Outcome(body: PayByAccountAnswer(txnId: request.txnId, prvTxn: "", amountTiyn: 0, result: .other,
                                                    comment: "Не указана сумма или txn_date").body, result: .other)
        }
        let claim = try await transactions.claim(request, amountTiyn: amount, txnDate: txnDate,
                                                 receivedAt: clock.now(), lease: lease, database: database)
        let prvTxn: Int64
        let receivedAt: Date
        switch claim {
        case let .answered(body):
            return Outcome(body: body, result: Self.storedResult(body), replayed: true)
        case .busy:
            let body = PayByAccountAnswer(txnId: request.txnId, prvTxn: "", amountTiyn: amount, result: .inProgress,
                                          comment: Comment.inProgress).body
            return Outcome(body: body, result: .inProgress)
        case .reused:
            logger.warning("txn_id re-sent with another account or sum", metadata: ["kaspi.txn_id": "\(request.txnId)"])
            let body = PayByAccountAnswer(txnId: request.txnId, prvTxn: "", amountTiyn: amount, result: .other,
                                          comment: Comment.txnReused).body
            return Outcome(body: body, result: .other)
        case let .claimed(number, received, attempt):
            prvTxn = number
            receivedAt = received
            if attempt > 1 {
                logger.notice("taking over an unfinished pay transaction", metadata: [
                    "kaspi.txn_id": "\(request.txnId)", "kaspi.attempt": "\(attempt)",
                ])
            }
        }

        let reference = "account:\(request.txnId)"
        let settlement: SettlementOutcome
        do {
            settlement = try await booking.settle(SettlePayment(account: request.account, amountTiyn: amount,
                                                                paymentReference: reference, paidAt: receivedAt))
        } catch {
            // The outcome is unknown (booking may have settled): keep the row in progress and let Kaspi re-send.
            logger.warning("booking did not answer SettlePayment; Kaspi will re-send", metadata: [
                "kaspi.txn_id": "\(request.txnId)", "kaspi.account": "\(request.account)", "error": "\(error)",
            ])
            try? await transactions.release(txnId: request.txnId, database: database)
            let body = PayByAccountAnswer(txnId: request.txnId, prvTxn: "", amountTiyn: amount, result: .inProgress,
                                          comment: Comment.inProgress).body
            return Outcome(body: body, result: .inProgress)
        }

        let (code, comment) = Self.map(settlement)
        let answer = PayByAccountAnswer(txnId: request.txnId, prvTxn: code == .ok ? String(prvTxn) : "",
                                        amountTiyn: code == .ok ? amount : (settlement.booking?.totalTiyn ?? amount),
                                        result: code, comment: comment)
        let bookingId = settlement.booking?.bookingId
        let stored = try await database.withTransaction { transaction -> Data? in
            if let earlier = try await transactions.complete(txnId: request.txnId, answer: answer, bookingId: bookingId,
                                                             in: transaction)
            {
                return earlier
            }
            if code == .ok, let bookingId {
                let payment = CreditedPayment(id: UUID(), bookingId: bookingId, account: request.account,
                                              channel: .account, kaspiReference: reference, amountTiyn: amount,
                                              paidAt: receivedAt)
                if try await payments.insert(payment, in: transaction) {
                    try await outbox.publish(PaymentSucceeded(paymentId: payment.id, bookingId: bookingId,
                                                              account: request.account, amountTiyn: amount,
                                                              channel: .account, kaspiReference: request.txnId,
                                                              paidAt: receivedAt), in: transaction)
                }
            }
            return nil
        }
        if let stored {
            return Outcome(body: stored, result: Self.storedResult(stored), bookingId: bookingId, replayed: true)
        }
        logger.info("pay-by-account answered", metadata: [
            "kaspi.txn_id": "\(request.txnId)", "kaspi.account": "\(request.account)",
            "kaspi.result": "\(code.rawValue)", "booking.id": "\(bookingId.map { "\($0)" } ?? "-")",
        ])
        return Outcome(body: answer.body, result: code, bookingId: bookingId)
    }

    /// The result code and comment for booking's settlement answer.
    static func map(_ settlement: SettlementOutcome) -> (KaspiResultCode, String) {
        switch settlement.result {
        case .settled: (.ok, Comment.ok)
        case .notFound: (.notFound, Comment.notFound)
        case .alreadyPaid: (.alreadyPaid, Comment.alreadyPaid)
        case .expired: (.cancelledOrExpired, Comment.expired)
        case .cancelled: (.cancelledOrExpired, Comment.cancelled)
        case .amountMismatch: (.other, settlement.booking.map { Comment.wrongSum($0.totalTiyn) } ?? Comment.sumMismatch)
        }
    }

    /// The `comment` texts (Russian: Kaspi support reads them).
    enum Comment {
        static let ok = "OK"
        static let notFound = "Бронь не найдена"
        static let expired = "Бронь истекла"
        static let cancelled = "Бронь отменена"
        static let alreadyPaid = "Бронь уже оплачена"
        static let inProgress = "Платёж обрабатывается, повторите позже"
        static let unavailable = "Сервис временно недоступен, повторите позже"
        static let txnReused = "txn_id уже использован"
        static let sumMismatch = "Сумма не совпадает с суммой брони"
        static let forbidden = "Адрес источника не разрешён"
        static func wrongSum(_ tiyn: Int64) -> String { "Сумма должна быть ровно \(Tiyn.format(tiyn))" }
    }

    /// The result code inside a stored answer (for the log).
    static func storedResult(_ body: Data) -> KaspiResultCode {
        struct Stored: Decodable { let result: Int }
        let code = (try? JSONDecoder().decode(Stored.self, from: body)).map(\.result) ?? KaspiResultCode.other.rawValue
        return KaspiResultCode(rawValue: code) ?? .other
    }
}
