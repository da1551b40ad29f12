import Foundation
import HTTPClient
import KaspiSandbox
import TestSupport
import Testing

@Suite("Kaspi sandbox calling the merchant by account")
struct PayByAccountTests {
    private static func exchanges(_ answer: ControlAnswer) -> [KaspiJSON] {
        guard case .array(let list)? = answer.result?["exchanges"] else { return [] }
        return list
    }

    private static func query(_ exchange: KaspiJSON) -> [String: String] {
        guard let url = exchange["url"]?.stringValue, let components = URLComponents(string: url) else { return [:] }
        var result: [String: String] = [:]
        for item in components.queryItems ?? [] { result[item.name] = item.value ?? "" }
        return result
    }

    @Test func checksThenPaysWithTheSameTxnIdAndRecordsBoth() async throws {
        let book = MerchantBook(due: ["100042": 1_500_000])
        try await withTestMerchant(book) { url in
            var configuration = KaspiSandboxConfiguration.forTests()
            configuration.merchantAccountURL = url
            try await withKaspiSandbox(configuration) { kaspi in
                let answer = try await kaspi.control(.post, "account-payments", .object([
                    ("account", .string("100042")), ("sum", .string("15000")),
                ]))
                #expect(answer.ok)
                #expect(answer.result?["outcome"] == .string("paid"))
                #expect(answer.result?["result"] == .int(0))
                #expect(answer.result?["prv_txn"] == .string("7100000001"))
                let exchanges = Self.exchanges(answer)
                #expect(exchanges.map { $0["command"] } == [.string("check"), .string("pay")])
                let check = Self.query(exchanges[0])
                let pay = Self.query(exchanges[1])
                #expect(check["command"] == "check" && pay["command"] == "pay")
                #expect(check["txn_id"] == pay["txn_id"])
                #expect(check["sum"] == "15000.00" && pay["sum"] == "15000.00")
                #expect(check["account"] == "100042")
                #expect(check["txn_date"] == nil)
                #expect(pay["txn_date"]?.count == 14)
                #expect(exchanges[1]["http_status"] == .int(200))
                #expect(exchanges[1]["answer"]?["result"] == .int(0))
                #expect(await book.credits == 1)

                let txnId = try #require(answer.result?["txn_id"]?.stringValue)
                let log = try await kaspi.control(.get, "account-exchanges?txn_id=\(txnId)")
                guard case .array(let logged)? = log.result else { throw UnexpectedAnswer(detail: log.json.text) }
                #expect(logged.count == 2)
            }
        }
    }

    @Test func refusedCheckStopsBeforeAnyPay() async throws {
        let book = MerchantBook(due: ["100042": 1_500_000])
        try await withTestMerchant(book) { url in
            try await withKaspiSandbox { kaspi in
                let answer = try await kaspi.control(.post, "account-payments", .object([
                    ("account", .string("999")), ("sum", .string("15000.00")), ("url", .string(url)),
                ]))
                #expect(answer.result?["outcome"] == .string("check_refused"))
                #expect(answer.result?["result"] == .int(1))
                #expect(Self.exchanges(answer).count == 1)
                #expect(await book.seen.count == 1)
            }
        }
    }

    @Test func replayOfAPaidTxnIdGetsTheStoredAnswerAndCreditsOnce() async throws {
        let book = MerchantBook(due: ["100042": 1_500_000])
        try await withTestMerchant(book) { url in
            var configuration = KaspiSandboxConfiguration.forTests()
            configuration.merchantAccountURL = url
            try await withKaspiSandbox(configuration) { kaspi in
                let answer = try await kaspi.control(.post, "account-payments", .object([
                    ("account", .string("100042")), ("sum", .string("15000.00")), ("mode", .string("replay")),
                ]))
                #expect(answer.result?["outcome"] == .string("paid"))
                #expect(answer.result?["replay_identical"] == .bool(true))
                #expect(Self.exchanges(answer).count == 3)
                #expect(await book.credits == 1)

                // A later re-send of the same txn_id (skip the check, as Kaspi's retry does).
                let txnId = try #require(answer.result?["txn_id"]?.stringValue)
                let again = try await kaspi.control(.post, "account-payments", .object([
                    ("account", .string("100042")), ("sum", .string("15000.00")), ("txn_id", .string(txnId)),
                    ("skip_check", .bool(true)),
                ]))
                #expect(again.result?["outcome"] == .string("paid"))
                #expect(again.result?["prv_txn"] == answer.result?["prv_txn"])
                #expect(await book.credits == 1)

                let fresh = try await kaspi.control(.post, "account-payments", .object([
                    ("account", .string("100042")), ("sum", .string("15000.00")), ("skip_check", .bool(true)),
                ]))
                #expect(fresh.result?["outcome"] == .string("refused"))
                #expect(fresh.result?["result"] == .int(3))
            }
        }
    }

    @Test func resendsTheSamePayAfterASimulatedTimeout() async throws {
        let book = MerchantBook(due: ["100042": 1_500_000])
        try await withTestMerchant(book) { url in
            var configuration = KaspiSandboxConfiguration.forTests()
            configuration.merchantAccountURL = url
            try await withKaspiSandbox(configuration) { kaspi in
                let answer = try await kaspi.control(.post, "account-payments", .object([
                    ("account", .string("100042")), ("sum", .string("15000.00")), ("mode", .string("timeout")),
                ]))
                #expect(answer.result?["outcome"] == .string("paid"))
                let pays = Self.exchanges(answer).filter { $0["command"] == .string("pay") }
                #expect(pays.count == 2)
                #expect(pays.map { $0["attempt"] } == [.int(1), .int(2)])
                #expect(pays[0]["note"]?.stringValue?.contains("simulated timeout") == true)
                #expect(Set(pays.map { Self.query($0)["txn_id"] ?? "" }).count == 1)
                #expect(Set(pays.map { Self.query($0)["txn_date"] ?? "" }).count == 1)
                #expect(pays[0]["body"] == pays[1]["body"])
                #expect(await book.credits == 1)
            }
        }
    }

    @Test func abortsASlowPayAfterTheClientTimeoutAndResendsIt() async throws {
        let book = MerchantBook(due: ["100042": 1_500_000])
        await book.setPayDelays([.seconds(2)])
        try await withTestMerchant(book) { url in
            var configuration = KaspiSandboxConfiguration.forTests()
            configuration.merchantAccountURL = url
            try await withKaspiSandbox(configuration) { kaspi in
                let answer = try await kaspi.control(.post, "account-payments", .object([
                    ("account", .string("100042")), ("sum", .string("15000.00")), ("mode", .string("timeout")),
                    ("abort_after_ms", .int(200)),
                ]))
                let pays = Self.exchanges(answer).filter { $0["command"] == .string("pay") }
                #expect(pays.count == 2)
                #expect(pays[0]["http_status"] == nil)
                #expect(pays[0]["error"]?.stringValue?.hasPrefix("timeout") == true)
                #expect(answer.result?["outcome"] == .string("paid"))
                #expect(await book.credits == 1)
            }
        }
    }

    @Test func resendsAfterResultFourUntilFinal() async throws {
        let book = MerchantBook(due: ["100042": 1_500_000])
        await book.setBusyPays(2)
        try await withTestMerchant(book) { url in
            var configuration = KaspiSandboxConfiguration.forTests()
            configuration.merchantAccountURL = url
            try await withKaspiSandbox(configuration) { kaspi in
                let answer = try await kaspi.control(.post, "account-payments", .object([
                    ("account", .string("100042")), ("sum", .string("15000.00")),
                ]))
                let pays = Self.exchanges(answer).filter { $0["command"] == .string("pay") }
                #expect(pays.map { $0["answer"]?["result"] } == [.int(4), .int(4), .int(0)])
                #expect(answer.result?["outcome"] == .string("paid"))
            }
        }
    }

    @Test func givesUpWhenTheMerchantNeverAnswers() async throws {
        var configuration = KaspiSandboxConfiguration.forTests()
        configuration.accountMaxAttempts = 2
        try await withKaspiSandbox(configuration) { kaspi in
            let port = try ServiceProcess.freePort()
            let answer = try await kaspi.control(.post, "account-payments", .object([
                ("account", .string("100042")), ("sum", .string("1.00")), ("skip_check", .bool(true)),
                ("url", .string("http://127.0.0.1:\(port)/kaspi/pay-by-account")),
            ]))
            #expect(answer.result?["outcome"] == .string("gave_up"))
            let exchanges = Self.exchanges(answer)
            #expect(exchanges.count == 2)
            #expect(exchanges.allSatisfy { $0["error"]?.stringValue?.hasPrefix("connectionFailed") == true })
        }
    }

    @Test func callsFromTheConfiguredOrRequestedSourceAddress() async throws {
        let book = MerchantBook(due: ["100042": 1_500_000], allowed: ["127.0.0.2"])
        try await withTestMerchant(book) { url in
            var configuration = KaspiSandboxConfiguration.forTests()
            configuration.merchantAccountURL = url
            configuration.sourceAddress = "127.0.0.2"
            try await withKaspiSandbox(configuration) { kaspi in
                let foreign = try await kaspi.control(.post, "account-payments", .object([
                    ("account", .string("100042")), ("sum", .string("15000.00")),
                    ("source_address", .string("127.0.0.9")),
                ]))
                #expect(foreign.result?["outcome"] == .string("check_refused"))
                #expect(Self.exchanges(foreign).first?["http_status"] == .int(403))
                #expect(Self.exchanges(foreign).first?["source_address"] == .string("127.0.0.9"))

                let allowed = try await kaspi.control(.post, "account-payments", .object([
                    ("account", .string("100042")), ("sum", .string("15000.00")),
                ]))
                #expect(allowed.result?["outcome"] == .string("paid"))
                #expect(await book.seen.map(\.peer) == ["127.0.0.9", "127.0.0.2", "127.0.0.2"])
                #expect(await book.credits == 1)
            }
        }
    }

    @Test func sendsAndRecordsMalformedRequests() async throws {
        let book = MerchantBook(due: ["100042": 1_500_000])
        try await withTestMerchant(book) { url in
            var configuration = KaspiSandboxConfiguration.forTests()
            configuration.merchantAccountURL = url
            try await withKaspiSandbox(configuration) { kaspi in
                for defect in AccountPaymentRequest.Defect.allCases {
                    let answer = try await kaspi.control(.post, "account-payments", .object([
                        ("account", .string("100042")), ("sum", .string("15000.00")),
                        ("mode", .string("malformed")), ("defect", .string(defect.rawValue)),
                    ]))
                    #expect(answer.result?["outcome"] == .string("malformed_sent"), "\(defect)")
                    #expect(answer.result?["result"] == .int(5), "\(defect)")
                }
                #expect(await book.credits == 0)
            }
        }
    }

    @Test func refusesControlCallsItCannotPerform() async throws {
        try await withKaspiSandbox { kaspi in
            let noURL = try await kaspi.control(.post, "account-payments", .object([
                ("account", .string("100042")), ("sum", .string("15000.00")),
            ]))
            #expect(noURL.status == 400)
            #expect(noURL.error?.contains("KASPI_MERCHANT_ACCOUNT_URL") == true)
            let badSum = try await kaspi.control(.post, "account-payments", .object([
                ("account", .string("100042")), ("sum", .string("15 000")), ("url", .string("http://127.0.0.1:1/")),
            ]))
            #expect(badSum.status == 400)
        }
    }
}
