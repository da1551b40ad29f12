import Foundation
import HTTPClient
import KaspiSandbox
import Testing

/// What other test suites (payments) use directly: the server's state and pay-by-account call, without HTTP.
@Suite("Kaspi sandbox in-process API")
struct InProcessAPITests {
    @Test func testsCanPlayThePayerAndKaspiWithoutTheControlAPI() async throws {
        let book = MerchantBook(due: ["100042": 1_500_000])
        try await withTestMerchant(book) { url in
            var configuration = KaspiSandboxConfiguration.forTests()
            configuration.merchantAccountURL = url
            try await withKaspiSandbox(configuration) { kaspi in
                let paid = try await kaspi.createInvoice()
                let declined = try await kaspi.createInvoice()
                let state = kaspi.server.state
                #expect(try await state.payerPays(paid).status == .processed)
                #expect(try await state.payerDeclines(declined).errorReason == .declined)
                #expect(try await kaspi.status(paid) == "Processed")
                #expect(try await kaspi.status(declined) == "Error")
                await #expect(throws: PartnerAPIError.self) { try await state.payerOpens(paid) }
                #expect(await state.invoices(phone: "77011234567").count == 2)

                await state.failNextCalls(statusCode: -999)
                #expect(try await kaspi.partner(.get, "payment/status/\(paid)").statusCode == -999)
                #expect(try await kaspi.status(paid) == "Processed")

                let outcome = try await kaspi.server.payByAccount(AccountPaymentRequest(account: "100042",
                                                                                        sum: "15000.00"))
                #expect(outcome.outcome == .paid)
                #expect(outcome.exchanges.map(\.command) == ["check", "pay"])
                #expect(await state.accountExchanges(txnId: outcome.txnId).count == 2)
                await #expect(throws: AccountPaymentError.self) {
                    try await kaspi.server.payByAccount(AccountPaymentRequest(account: "1", sum: "1,5"))
                }
            }
        }
    }
}
