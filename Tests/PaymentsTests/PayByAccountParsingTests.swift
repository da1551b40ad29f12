import Foundation
@testable import Payments
import Testing

/// Money, request parsing, answers and the source-address policy, without servers.
@Suite struct PayByAccountParsingTests {
    @Test(arguments: [("15000", 1_500_000), ("15000.5", 1_500_050), ("15000.05", 1_500_005), ("0.01", 1),
                      ("999999999999.99", 99_999_999_999_999)] as [(String, Int64)])
    func parsesKaspiSumsIntoTiyn(text: String, tiyn: Int64) {
        #expect(Tiyn.parse(text) == tiyn)
    }

    @Test(arguments: ["", ".5", "15000.", "15000.001", "1e4", "-5", "+5", " 5", "5 ", "15,00", "1_000",
                      "1000000000000", "٣", "15000..0", "0x10"])
    func refusesMalformedSums(text: String) {
        #expect(Tiyn.parse(text) == nil)
    }

    @Test func formatsTiynWithTwoDecimals() {
        #expect(Tiyn.format(1_500_000) == "15000.00")
        #expect(Tiyn.format(1_500_005) == "15000.05")
        #expect(Tiyn.format(7) == "0.07")
        #expect(Tiyn.format(0) == "0.00")
    }

    @Test func answersAreStableJSON() {
        let answer = PayByAccountAnswer(txnId: "123", prvTxn: "100001", amountTiyn: 1_500_000, result: .ok,
                                        comment: "OK \"quoted\"\n")
        #expect(String(decoding: answer.body, as: UTF8.self)
            == #"{"txn_id":"123","prv_txn":"100001","sum":"15000.00","result":0,"comment":"OK \"quoted\"\n"}"#)
    }

    @Test func readsTxnDateInKazakhstanTime() throws {
        let date = try #require(PayByAccountRequest.parseDate("20261125170000"))
        #expect(date == Date(timeIntervalSince1970: 1_795_608_000))  // 2026-11-25T12:00:00Z
        for bad in ["20260230120000", "20261125240000", "20261125126000", "2026112512000", "19991231235959"] {
            #expect(PayByAccountRequest.parseDate(bad) == nil, "\(bad)")
        }
    }

    @Test func checkNeedsNeitherSumNorDate() throws {
        let request = try PayByAccountRequest.parse(["command": "check", "txn_id": "1", "account": "100200"]).get()
        #expect(request.amountTiyn == nil && request.txnDate == nil)
    }

    @Test func readsTheAccountAsANumberWithoutLeadingZeros() throws {
        func account(_ typed: String) -> Result<String, PayByAccountRequest.Rejection> {
            PayByAccountRequest.parse(["command": "check", "txn_id": "1", "account": typed, "sum": "0.00"]).map(\.account)
        }
        #expect(try account("100200").get() == "100200")
        #expect(try account("0100200").get() == "100200")
        #expect(try account(String(repeating: "0", count: 26) + "100200").get() == "100200")
        #expect(try account("123456789012345678").get() == "123456789012345678")
        let notFound = PayByAccountRequest.Rejection(code: .notFound, comment: "Бронь не найдена")
        #expect(account("000") == .failure(notFound))
        #expect(account("1234567890123456789") == .failure(notFound))  // 19 digits: no booking has so many
        #expect(account(String(repeating: "0", count: 27) + "100200") == .failure(notFound))  // 33 characters
    }

    @Test func refusesAProtocolParameterGivenTwice() {
        let parameters = ["command": "pay", "txn_id": "1", "account": "100200", "sum": "10.00",
                          "txn_date": "20261125170000"]
        for name in PayByAccountRequest.parameterNames {
            #expect(PayByAccountRequest.parse(parameters, repeated: [name])
                == .failure(.init(code: .other, comment: "Параметр \(name) указан несколько раз")))
        }
        // A repeated parameter the protocol does not know is ignored like the parameter itself.
        #expect((try? PayByAccountRequest.parse(parameters, repeated: ["utm_source"]).get()) != nil)
    }

    @Test func matchesAddressesAgainstRanges() throws {
        let list = try #require(AddressList(parsing: "127.0.0.1/32, 10.0.0.0/8,192.168.1.128/25, 2001:db8::/32"))
        #expect(list.contains(IPAddress("127.0.0.1")!))
        #expect(!list.contains(IPAddress("127.0.0.2")!))
        #expect(list.contains(IPAddress("10.255.0.1")!))
        #expect(list.contains(IPAddress("192.168.1.200")!) && !list.contains(IPAddress("192.168.1.100")!))
        #expect(list.contains(IPAddress("2001:db8:1::5")!) && !list.contains(IPAddress("2001:db9::1")!))
        #expect(list.contains(IPAddress("::ffff:127.0.0.1")!))
        #expect(AddressList(parsing: "127.0.0.1/33") == nil)
        #expect(AddressList(parsing: "localhost") == nil)
        #expect(AddressList(parsing: "10.0.0.0/x") == nil)
    }

    @Test func believesForwardedForOnlyFromTrustedProxies() throws {
        let policy = SourceAddressPolicy(allowed: try #require(AddressList(parsing: "194.187.247.0/24")),
                                         trustedProxies: try #require(AddressList(parsing: "10.0.0.0/8")))
        let kaspi = IPAddress("194.187.247.10")!
        let proxy = IPAddress("10.0.0.5")!
        let stranger = IPAddress("203.0.113.9")!
        #expect(policy.decide(peer: kaspi, forwardedFor: []) == .allowed(client: kaspi))
        // A stranger's own X-Forwarded-For is ignored.
        #expect(policy.decide(peer: stranger, forwardedFor: ["194.187.247.10"])
            == .refused(client: stranger, reason: "source address not allowed"))
        // Through our proxy: the right-most hop the proxy wrote counts, hops further left were written by the client.
        #expect(policy.decide(peer: proxy, forwardedFor: ["194.187.247.10"]) == .allowed(client: kaspi))
        #expect(policy.decide(peer: proxy, forwardedFor: ["194.187.247.10, 203.0.113.9"])
            == .refused(client: stranger, reason: "source address not allowed"))
        #expect(policy.decide(peer: proxy, forwardedFor: ["203.0.113.9", "194.187.247.10, 10.0.0.7"])
            == .allowed(client: kaspi))
        #expect(policy.decide(peer: proxy, forwardedFor: ["not-an-ip"])
            == .refused(client: nil, reason: "source address unknown"))
        #expect(policy.decide(peer: nil, forwardedFor: []) == .refused(client: nil, reason: "source address unknown"))
    }
}
