import Contracts
import Database
import Foundation
import HTTPTypes
import Messaging
@testable import Payments
import TestSupport
import Testing

/// Kaspi's pay-by-account protocol against real PostgreSQL and RabbitMQ, with the booking double answering.
@Suite struct PayByAccountTests {
    @Test func checkThenPayCreditsTheBookingOnce() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 1_500_000)
            let check = try await payments.check(booking.number, sum: "15000.00")
            #expect(check.result == 0 && check.sum == "15000.00" && check.prvTxn.isEmpty)
            let exists = try await payments.check(booking.number, sum: "0.00")
            #expect(exists.result == 0 && exists.sum == "15000.00")

            let txnId = PaymentsFixture.newTxnId()
            let pay = try await payments.pay(booking.number, txnId: txnId, sum: "15000.00")
            #expect(pay.result == 0)
            #expect(pay.txnId == txnId && !pay.prvTxn.isEmpty && pay.sum == "15000.00")
            #expect(String(decoding: pay.raw, as: UTF8.self).contains(#""sum":"15000.00","#))
            #expect(await payments.booking.booking(booking.number)?.status == .paid)
            #expect(await payments.booking.references(of: booking.number) == ["account:\(txnId)"])

            let succeeded = try await payments.published(PaymentSucceeded.self)
            #expect(succeeded.count == 1)
            #expect(succeeded.first?.bookingId == booking.bookingId && succeeded.first?.amountTiyn == 1_500_000)
            #expect(succeeded.first?.channel == .account && succeeded.first?.kaspiReference == txnId)
            #expect(try await payments.count("payments") == 1)

            let logged = try await payments.pool.query("""
                SELECT operation, result, txn_id, amount_tiyn FROM payment_log ORDER BY id
                """).map { (try $0.decode("operation", as: String.self), try $0.decode("result", as: String.self)) }
            #expect(logged.map(\.0) == ["check", "check", "pay"] && logged.map(\.1) == ["0", "0", "0"])
        }
    }

    @Test func repeatedPayWithTheSameTxnIdReplaysTheAnswerAndCreditsOnce() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 2_000_050)
            let txnId = PaymentsFixture.newTxnId()
            let first = try await payments.pay(booking.number, txnId: txnId, sum: "20000.5")
            #expect(first.result == 0 && first.sum == "20000.50")
            let settleCalls = await payments.booking.settleCalls
            for _ in 0..<3 {
                let again = try await payments.pay(booking.number, txnId: txnId, sum: "20000.50")
                #expect(again.raw == first.raw)
            }
            #expect(await payments.booking.settleCalls == settleCalls)
            // The same txn_id with another sum is refused and changes nothing; the stored answer stays.
            let reused = try await payments.pay(booking.number, txnId: txnId, sum: "1.00")
            #expect(reused.result == 5 && reused.comment == "txn_id уже использован")
            #expect(try await payments.pay(booking.number, txnId: txnId, sum: "20000.50").raw == first.raw)
            #expect(try await payments.published(PaymentSucceeded.self).count == 1)
            #expect(try await payments.count("payments") == 1)
            #expect(try await payments.count("kaspi_transactions") == 1)
        }
    }

    @Test func concurrentDuplicatesCreditOnce() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 990_000)
            let txnId = PaymentsFixture.newTxnId()
            let endpoint = payments.endpoint()
            let answers = try await withThrowingTaskGroup(of: KaspiAnswer.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await payments.pay(booking.number, txnId: txnId, sum: "9900.00", endpoint: endpoint) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            // Each answer is either the credited one or "in progress, send again"; never a second credit.
            #expect(answers.allSatisfy { $0.result == 0 || $0.result == 4 })
            #expect(answers.contains { $0.result == 0 })
            #expect(Set(answers.filter { $0.result == 0 }.map(\.raw)).count == 1)
            // Kaspi sends the in-progress ones again: they get the stored answer.
            let resent = try await payments.pay(booking.number, txnId: txnId, sum: "9900.00")
            #expect(resent.result == 0 && answers.contains { $0.raw == resent.raw })
            #expect(try await payments.published(PaymentSucceeded.self).count == 1)
            #expect(try await payments.count("payments") == 1)
        }
    }

    @Test func differentTxnIdsRacingForOneBookingCreditOnlyOne() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 500_000)
            let endpoint = payments.endpoint()
            let results = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await payments.pay(booking.number, txnId: PaymentsFixture.newTxnId(), sum: "5000",
                                               endpoint: endpoint).result
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(results.sorted() == [0, 3, 3, 3, 3, 3])
            #expect(try await payments.published(PaymentSucceeded.self).count == 1)
        }
    }

    @Test func payAfterExpiryAnswersTwoAndConfirmsNothing() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 1_200_000)
            await payments.booking.setStatus(booking.number, .expired)
            #expect(try await payments.check(booking.number).result == 2)
            let pay = try await payments.pay(booking.number, txnId: PaymentsFixture.newTxnId(), sum: "12000.00")
            #expect(pay.result == 2 && pay.comment == "Бронь истекла")
            #expect(await payments.booking.booking(booking.number)?.status == .expired)
            #expect(try await payments.published(PaymentSucceeded.self).isEmpty)
            #expect(try await payments.count("payments") == 0)

            let cancelled = await payments.booking.hold(totalTiyn: 1_200_000, status: .cancelled)
            let paid = try await payments.pay(cancelled.number, txnId: PaymentsFixture.newTxnId(), sum: "12000.00")
            #expect(paid.result == 2 && paid.comment == "Бронь отменена")
        }
    }

    @Test func newTxnIdOnAPaidBookingAnswersThree() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 700_000)
            #expect(try await payments.pay(booking.number, txnId: PaymentsFixture.newTxnId(), sum: "7000.00").result == 0)
            #expect(try await payments.check(booking.number).result == 3)
            let second = try await payments.pay(booking.number, txnId: PaymentsFixture.newTxnId(), sum: "7000.00")
            #expect(second.result == 3 && second.comment == "Бронь уже оплачена" && second.prvTxn.isEmpty)
            #expect(try await payments.published(PaymentSucceeded.self).count == 1)
        }
    }

    @Test func wrongSumUnknownAccountAndMalformedRequestsChangeNothing() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 1_000_000)
            let date = PaymentsFixture.txnDate
            func pay(_ overrides: [String: String?]) async throws -> KaspiAnswer {
                var parameters = ["command": "pay", "txn_id": PaymentsFixture.newTxnId(), "account": booking.number,
                                  "sum": "10000.00", "txn_date": date]
                for (key, value) in overrides { parameters[key] = value }
                return try await payments.call(parameters)
            }
            let wrongSum = try await pay(["sum": "9999.99"])
            #expect(wrongSum.result == 5 && wrongSum.comment == "Сумма должна быть ровно 10000.00"
                    && wrongSum.sum == "10000.00" && wrongSum.prvTxn.isEmpty)
            #expect(try await payments.check(booking.number, sum: "10000.01").result == 5)
            #expect(try await pay(["account": "999999999"]).result == 1)
            #expect(try await pay(["account": "12ab"]).result == 1)
            #expect(try await payments.check("424242424").result == 1)

            let malformed: [([String: String?], String)] = [
                (["txn_id": "12a"], "Неверный txn_id: ожидается от 1 до 20 цифр"),
                (["txn_id": String(repeating: "1", count: 21)], "Неверный txn_id: ожидается от 1 до 20 цифр"),
                (["txn_id": nil], "Не указан txn_id"),
                (["sum": "10000.001"], "Неверная сумма: ожидаются цифры и до двух знаков после точки"),
                (["sum": "1e4"], "Неверная сумма: ожидаются цифры и до двух знаков после точки"),
                (["sum": "-10000.00"], "Неверная сумма: ожидаются цифры и до двух знаков после точки"),
                (["sum": "10 000.00"], "Неверная сумма: ожидаются цифры и до двух знаков после точки"),
                (["sum": "10000,00"], "Неверная сумма: ожидаются цифры и до двух знаков после точки"),
                (["sum": nil], "Не указана сумма"),
                (["txn_date": "20261332120000"], "Неверная txn_date: ожидается YYYYMMDDHHMMSS"),
                (["txn_date": "2026-11-25 12:00"], "Неверная txn_date: ожидается YYYYMMDDHHMMSS"),
                (["txn_date": nil], "Не указана txn_date"),
                (["command": "refund"], "Неизвестная команда"),
                (["command": nil], "Не указан command"),
                (["account": nil], "Не указан account"),
            ]
            for (overrides, comment) in malformed {
                let answer = try await pay(overrides)
                #expect(answer.result == 5 && answer.comment == comment, "\(overrides)")
            }
            #expect(await payments.booking.booking(booking.number)?.status == .held)
            #expect(try await payments.published(PaymentSucceeded.self).isEmpty)
            #expect(try await payments.count("payments") == 0)
            // Only the wrong sum and the unknown account reached booking (and are answered the same on a re-send).
            #expect(try await payments.count("kaspi_transactions") == 2)
            #expect(await payments.booking.settleCalls == 2)
        }
    }

    @Test func anAccountTypedWithLeadingZerosPaysAndIsRecordedAsTheBookingNumber() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 500_000)
            let padded = "00" + booking.number
            #expect(try await payments.check(padded, sum: "5000.00").result == 0)
            let txnId = PaymentsFixture.newTxnId()
            let pay = try await payments.pay(padded, txnId: txnId, sum: "5000.00")
            #expect(pay.result == 0)
            // Kaspi's re-send, typed either way, is the same payment.
            #expect(try await payments.pay(booking.number, txnId: txnId, sum: "5000.00").raw == pay.raw)
            #expect(try await payments.pay(padded, txnId: txnId, sum: "5000.00").raw == pay.raw)
            #expect(await payments.booking.booking(booking.number)?.status == .paid)
            #expect(try await payments.pool.queryFirst("SELECT account FROM payments")?.decode("account", as: String.self)
                == booking.number)
            #expect(try await payments.pool.queryFirst("SELECT account FROM kaspi_transactions")?
                .decode("account", as: String.self) == booking.number)
            let logged = try await payments.pool.query("SELECT DISTINCT account FROM payment_log")
                .map { try $0.decode("account", as: String.self) }
            #expect(logged == [booking.number])
        }
    }

    @Test func hostileParametersAreRefusedAndStillLogged() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 500_000)
            // A NUL character cannot be stored in PostgreSQL's text; the refusal must still leave its log row.
            let nul = try await payments.call(["command": "pay", "txn_id": "1\u{0}", "account": booking.number,
                                               "sum": "5000.00", "txn_date": PaymentsFixture.txnDate])
            #expect(nul.result == 5 && nul.comment == "Неверный txn_id: ожидается от 1 до 20 цифр")
            let refusedNul = try await payments.call(["command": "check", "txn_id": "2", "account": "1\u{0}"],
                                                     peer: IPAddress("203.0.113.9"))
            #expect(refusedNul.status == 403 && refusedNul.result == 5)
            // The same parameter twice: ambiguous, refused whichever copy would pass.
            let twiceTxnId = PaymentsFixture.newTxnId()
            let twice = await payments.endpoint().answer(
                parameters: ["command": "pay", "txn_id": twiceTxnId, "account": booking.number,
                             "sum": "5000.00", "txn_date": PaymentsFixture.txnDate],
                repeated: ["account"], peer: PaymentsFixture.loopback, forwardedFor: [])
            let twiceAnswer = try KaspiAnswer(twice.body, status: Int(twice.status.code))
            #expect(twiceAnswer.status == 200 && twiceAnswer.result == 5
                && twiceAnswer.comment == "Параметр account указан несколько раз")
            // Another HTTP method: refused with 405, after the allow-list.
            let posted = await payments.endpoint().answer(
                parameters: ["command": "check", "txn_id": "3", "account": booking.number, "sum": "5000.00"],
                peer: PaymentsFixture.loopback, forwardedFor: [], method: .post)
            let postedAnswer = try KaspiAnswer(posted.body, status: Int(posted.status.code))
            #expect(postedAnswer.status == 405 && postedAnswer.result == 5
                && postedAnswer.comment == "Метод POST не поддерживается, только GET")

            let logged = try await payments.pool.query("""
                SELECT operation, txn_id, account, result FROM payment_log ORDER BY id
                """).map { row in
                [try row.decode("operation", as: String.self), try row.decode("txn_id", as: String?.self) ?? "-",
                 try row.decode("account", as: String?.self) ?? "-", try row.decode("result", as: String.self)]
            }
            #expect(logged == [["pay.malformed", "1\u{FFFD}", booking.number, "5"],
                               ["refused", "2", "1\u{FFFD}", "5"],
                               ["pay.malformed", twiceTxnId, booking.number, "5"],
                               ["check.malformed", "3", booking.number, "5"]])
            #expect(await payments.booking.booking(booking.number)?.status == .held)
            #expect(try await payments.count("kaspi_transactions") == 0)
        }
    }

    @Test func unknownSettlementOutcomeIsRepairedByKaspisResend() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 830_000)
            let txnId = PaymentsFixture.newTxnId()
            // Booking settles, but the answer is lost on the way back (as if the RPC timed out).
            let lossy = LosingAnswersGateway(inner: BusBookingGateway(bus: payments.bus))
            let first = try await payments.pay(booking.number, txnId: txnId, sum: "8300.00",
                                               endpoint: payments.endpoint(gateway: lossy))
            #expect(first.result == 4)
            #expect(await payments.booking.booking(booking.number)?.status == .paid)
            #expect(try await payments.published(PaymentSucceeded.self).isEmpty)

            let resent = try await payments.pay(booking.number, txnId: txnId, sum: "8300.00")
            #expect(first.prvTxn.isEmpty && resent.result == 0 && !resent.prvTxn.isEmpty)
            #expect(try await payments.published(PaymentSucceeded.self).count == 1)
            #expect(try await payments.pay(booking.number, txnId: txnId, sum: "8300.00").raw == resent.raw)
        }
    }

    @Test func transactionLeftInProgressByACrashIsCompletedByTheResend() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 640_000)
            let txnId = PaymentsFixture.newTxnId()
            // The crashed instance registered the txn_id and booking settled it; the answer was never stored.
            let receivedAt = Date().addingTimeInterval(-60)
            try await payments.pool.execute("""
                INSERT INTO kaspi_transactions (txn_id, account, amount_tiyn, txn_date, received_at, state, lease_until)
                VALUES (\(txnId), \(booking.number), 640000, \(PaymentsFixture.txnDate), \(receivedAt), 'in_progress',
                        now() - interval '1 second')
                """)
            _ = await payments.booking.settle(SettlePayment(account: booking.number, amountTiyn: 640_000,
                                                            paymentReference: "account:\(txnId)", paidAt: receivedAt))
            let prvTxn: Int64 = try #require(try await payments.pool.queryFirst(
                "SELECT prv_txn FROM kaspi_transactions WHERE txn_id = \(txnId)")?.decode("prv_txn"))

            let resent = try await payments.pay(booking.number, txnId: txnId, sum: "6400.00")
            #expect(resent.result == 0 && resent.prvTxn == String(prvTxn))
            let succeeded = try await payments.published(PaymentSucceeded.self)
            #expect(succeeded.count == 1)
            #expect(abs((succeeded.first?.paidAt ?? .distantPast).timeIntervalSince(receivedAt)) < 0.01)
        }
    }

    @Test func resendWhileTheFirstIsStillLeasedAnswersInProgress() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 100_000)
            let txnId = PaymentsFixture.newTxnId()
            try await payments.pool.execute("""
                INSERT INTO kaspi_transactions (txn_id, account, amount_tiyn, txn_date, received_at, state, lease_until)
                VALUES (\(txnId), \(booking.number), 100000, \(PaymentsFixture.txnDate), now(), 'in_progress',
                        now() + interval '1 hour')
                """)
            let answer = try await payments.pay(booking.number, txnId: txnId, sum: "1000.00")
            #expect(answer.result == 4)
            #expect(await payments.booking.settleCalls == 0)
        }
    }

    @Test func refusedSourcesAndSpoofedForwardingChangeNothing() async throws {
        try await withPaymentsFixture { payments in
            let booking = await payments.booking.hold(totalTiyn: 300_000)
            let parameters = ["command": "pay", "txn_id": PaymentsFixture.newTxnId(), "account": booking.number,
                              "sum": "3000.00", "txn_date": PaymentsFixture.txnDate]
            let outsider = try await payments.call(parameters, peer: IPAddress("10.1.2.3"))
            #expect(outsider.status == 403 && outsider.result == 5 && outsider.comment == "Адрес источника не разрешён")
            // A client that is not a trusted proxy cannot claim to be Kaspi through X-Forwarded-For.
            let spoofed = try await payments.call(parameters, peer: IPAddress("10.1.2.3"), forwardedFor: ["127.0.0.1"])
            #expect(spoofed.result == 5)
            #expect(try await payments.call(parameters, peer: nil).result == 5)
            #expect(await payments.booking.booking(booking.number)?.status == .held)
            #expect(try await payments.count("kaspi_transactions") == 0)
            #expect(try await payments.pool.queryFirst(
                "SELECT count(*) AS n FROM payment_log WHERE operation = 'refused'")?.decode("n", as: Int.self) == 3)
        }
    }
}

/// Forwards to booking, then loses the answer: the outcome is unknown to payments, as after an RPC timeout.
struct LosingAnswersGateway: BookingGateway {
    let inner: any BookingGateway
    struct AnswerLost: Error {}

    func checkPayable(account: String) async throws -> PayableStatus { try await inner.checkPayable(account: account) }

    func settle(_ request: SettlePayment) async throws -> SettlementOutcome {
        _ = try await inner.settle(request)
        throw AnswerLost()
    }
}
