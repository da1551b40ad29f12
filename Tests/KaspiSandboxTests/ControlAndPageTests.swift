import Foundation
import HTTPClient
import KaspiSandbox
import Testing

@Suite("Kaspi sandbox control API and pages")
struct ControlAndPageTests {
    @Test func listsInvoicesByPhoneAndLetsThePayerPayOrDecline() async throws {
        try await withKaspiSandbox { kaspi in
            let first = try await kaspi.createInvoice(phone: "77011234567", amount: "15000")
            let second = try await kaspi.createInvoice(phone: "77011234567", amount: "30000")
            _ = try await kaspi.createInvoice(phone: "77770000000", amount: "100")

            let list = try await kaspi.control(.get, "invoices?phone=%2B77011234567")
            guard case .array(let invoices)? = list.result else { throw UnexpectedAnswer(detail: list.json.text) }
            #expect(invoices.map { $0["id"]?.int64Value } == [second, first])
            #expect(invoices.first?["amount_display"] == .string("30\u{00A0}000\u{00A0}₸"))
            #expect(invoices.first?["seconds_left"] == .int(900) || invoices.first?["seconds_left"] == .int(899))

            #expect(try await kaspi.control(.post, "payments/\(first)/pay").result?["status"] == .string("Processed"))
            let declined = try await kaspi.control(.post, "payments/\(second)/decline")
            #expect(declined.result?["status"] == .string("Error"))
            #expect(declined.result?["error_reason"] == .string("declined"))
            #expect(try await kaspi.status(second) == "Error")

            let byBooking = try await kaspi.control(.get, "payments?external_id=100042&status=Processed")
            guard case .array(let found)? = byBooking.result else { throw UnexpectedAnswer(detail: byBooking.json.text) }
            #expect(found.map { $0["id"]?.int64Value } == [first])

            #expect(try await kaspi.control(.get, "invoices?phone=123").status == 400)
            #expect(try await kaspi.control(.post, "payments/1/pay").status == 404)
            #expect(try await kaspi.control(.post, "payments/\(first)/refund").status == 404)
        }
    }

    @Test func resetForgetsEverything() async throws {
        try await withKaspiSandbox { kaspi in
            let id = try await kaspi.createInvoice()
            #expect(try await kaspi.control(.post, "reset").ok)
            #expect(try await kaspi.control(.get, "payments").result == .array([]))
            #expect(try await kaspi.partner(.get, "payment/status/\(id)").statusCode == -1601)
        }
    }

    @Test func pageRendersInRussianWithoutExternalAssets() async throws {
        try await withKaspiSandbox { kaspi in
            let page = try await kaspi.get("/")
            #expect(page.status == 200)
            #expect(page.headers["content-type"]?.hasPrefix("text/html") == true)
            for text in ["Kaspi", "Счета на оплату", "Оплата по номеру счёта", "Показать счета", "Оплатить",
                         "Отклонить", "Журнал запросов к продавцу"] {
                #expect(page.text.contains(text), "missing \(text)")
            }
            #expect(!page.text.contains("http://") && !page.text.contains("https://"))
            #expect(try await kaspi.get("/pay/abc").status == 404)
            #expect(try await kaspi.get("/healthz").text.contains("kaspi-sandbox"))
        }
    }
}
