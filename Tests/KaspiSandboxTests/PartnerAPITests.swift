import Foundation
import HTTPClient
import KaspiSandbox
import Testing

@Suite("Kaspi sandbox partner API")
struct PartnerAPITests {
    @Test func invoiceMovesFromCreatedThroughWaitToProcessed() async throws {
        try await withKaspiSandbox { kaspi in
            let id = try await kaspi.createInvoice(phone: "+7 701 123-45-67", amount: "15000.50")
            #expect(try await kaspi.status(id) == "QrTokenCreated")

            let scan = try await kaspi.partner(.post, "test/payment/\(id)/scan")
            #expect(scan.status == 200 && scan.statusCode == 0)
            #expect(try await kaspi.status(id) == "Wait")

            #expect(try await kaspi.partner(.post, "test/payment/\(id)/confirm").statusCode == 0)
            let processed = try await kaspi.partner(.get, "payment/status/\(id)")
            #expect(processed.data?["Status"] == .string("Processed"))
            #expect(processed.data?["Amount"] == .number("15000.50"))
            #expect(processed.data?["TransactionId"]?.stringValue?.isEmpty == false)

            let invoices = try await kaspi.control(.get, "invoices?phone=87011234567")
            guard case .array(let list)? = invoices.result else { throw UnexpectedAnswer(detail: invoices.json.text) }
            #expect(list.count == 1)
            #expect(list.first?["phone"] == .string("77011234567"))
            #expect(list.first?["comment"] == .string("Бронь 100042"))
        }
    }

    @Test func answersInTheKaspiEnvelopeWithStatusCodeFirst() async throws {
        try await withKaspiSandbox { kaspi in
            let response = try await kaspi.client.send(HTTPRequest(
                method: .get, url: "\(kaspi.apiBase)/health/ping", headers: ["Api-Key": kaspi.configuration.apiKey]))
            #expect(response.status == 200)
            #expect(response.text == #"{"StatusCode":0,"Message":"OK"}"#)
            let points = try await kaspi.partner(.get, "partner/tradepoints/\(kaspi.configuration.organizationBin)")
            #expect(points.data == .array([.object([("TradePointId", .int(1)), ("TradePointName", .string("ЖильеGO"))])]))
        }
    }

    @Test func refusesAMissingOrWrongAPIKey() async throws {
        try await withKaspiSandbox { kaspi in
            for key in ["", "wrong-key"] {
                let answer = try await kaspi.partner(.get, "health/ping", apiKey: key)
                #expect(answer.status == 401)
                #expect(answer.statusCode == -10000)
                #expect(answer.data == nil)
            }
        }
    }

    @Test func unknownPaymentIdsGetKaspisNotFoundCodes() async throws {
        try await withKaspiSandbox { kaspi in
            #expect(try await kaspi.partner(.get, "payment/status/999").statusCode == -1601)
            let details = try await kaspi.partner(
                .get, "payment/details?QrPaymentId=999&DeviceToken=\(kaspi.configuration.deviceToken)")
            #expect(details.statusCode == -1601)
            let refund = try await kaspi.partner(.post, "payment/return", .object(kaspi.merchant + [
                ("QrPaymentId", .int(999)), ("Amount", .number("100")),
            ]))
            #expect(refund.status == 200 && refund.statusCode == -99000001)
            #expect(try await kaspi.partner(.post, "test/payment/999/confirm").statusCode == -1601)
        }
    }

    @Test func rejectsBadAmounts() async throws {
        try await withKaspiSandbox { kaspi in
            for amount in ["0", "-100", "10.123", "1e3", "100000000.00"] {
                let answer = try await kaspi.partner(.post, "qr/create-link", .object(kaspi.merchant + [
                    ("Amount", .number(amount)), ("ExternalId", .string("100042")),
                ]))
                #expect(answer.statusCode == 990000028, "amount \(amount)")
            }
            let text = try await kaspi.partner(.post, "qr/create-link", .object(kaspi.merchant + [
                ("Amount", .string("100")),
            ]))
            #expect(text.status == 400 && text.statusCode == -1)
            #expect(try await kaspi.control(.get, "payments").result == .array([]))
        }
    }

    @Test func rejectsUnknownDeviceBinOrTradePointAndBadPhones() async throws {
        try await withKaspiSandbox { kaspi in
            let configuration = kaspi.configuration
            func create(_ fields: [(String, KaspiJSON)]) async throws -> Int64? {
                try await kaspi.partner(.post, "remote/create", .object(fields)).statusCode
            }
            let amount: (String, KaspiJSON) = ("Amount", .number("100"))
            let phone: (String, KaspiJSON) = ("PhoneNumber", .string("77011234567"))
            #expect(try await create([("OrganizationBin", .string(configuration.organizationBin)),
                                      ("DeviceToken", .string("other-device")), phone, amount]) == -1501)
            #expect(try await create([("OrganizationBin", .string("999999999999")),
                                      ("DeviceToken", .string(configuration.deviceToken)), phone, amount]) == -99000002)
            #expect(try await create(kaspi.merchant + [("TradePointId", .int(77)), phone, amount]) == -99000002)
            #expect(try await create(kaspi.merchant + [("PhoneNumber", .string("12345")), amount]) == 990000033)
            #expect(try await create(kaspi.merchant + [amount]) == -1)
            let broken = try await kaspi.partner(.post, "remote/create", rawBody: "{not json")
            #expect(broken.status == 400 && broken.statusCode == -1)
        }
    }

    @Test func paymentLinkPointsToTheSandboxesLinkPage() async throws {
        try await withKaspiSandbox { kaspi in
            let answer = try await kaspi.partner(.post, "qr/create-link", .object(kaspi.merchant + [
                ("Amount", .number("25000.00")), ("ExternalId", .string("100043")),
            ]))
            #expect(answer.statusCode == 0)
            let data = try #require(answer.data)
            let id = try #require(data["PaymentId"]?.int64Value)
            #expect(data["PaymentLink"] == .string("\(kaspi.baseURL)/pay/\(id)"))
            #expect(data["ExpireDate"]?.stringValue?.hasSuffix("+05:00") == true)
            #expect(data["PaymentBehaviorOptions"]?["LinkActivationWaitTimeout"] == .int(300))
            #expect(data["PaymentBehaviorOptions"]?["PaymentConfirmationTimeout"] == .int(65))

            let page = try await kaspi.get("/pay/\(id)")
            #expect(page.status == 200)
            #expect(page.text.contains("Оплатить"))
            #expect(page.text.contains("const paymentId = \(id);"))

            let paid = try await kaspi.control(.post, "payments/\(id)/pay")
            #expect(paid.result?["status"] == .string("Processed"))
            #expect(try await kaspi.status(id) == "Processed")
        }
    }

    @Test func refundsPartiallyAndNeverMoreThanThePayment() async throws {
        try await withKaspiSandbox { kaspi in
            let id = try await kaspi.createInvoice(amount: "15000")
            let early = try await kaspi.partner(.post, "payment/return", .object(kaspi.merchant + [
                ("QrPaymentId", .int(id)), ("Amount", .number("100")),
            ]))
            #expect(early.statusCode == -99000011)
            _ = try await kaspi.control(.post, "payments/\(id)/pay")

            func refund(_ amount: String) async throws -> PartnerAnswer {
                try await kaspi.partner(.post, "payment/return", .object(kaspi.merchant + [
                    ("QrPaymentId", .int(id)), ("Amount", .number(amount)),
                ]))
            }
            let first = try await refund("7500.00")
            #expect(first.statusCode == 0)
            #expect(first.data?["ReturnOperationId"]?.int64Value != nil)
            let details = try await kaspi.partner(
                .get, "payment/details?QrPaymentId=\(id)&DeviceToken=\(kaspi.configuration.deviceToken)")
            #expect(details.data?["TotalAmount"] == .number("15000.00"))
            #expect(details.data?["AvailableReturnAmount"] == .number("7500.00"))

            #expect(try await refund("7500.01").statusCode == -99000005)
            #expect(try await refund("0").statusCode == 990000028)
            #expect(try await refund("7500").statusCode == 0)
            #expect(try await refund("0.01").statusCode == -99000005)

            let refunds = try await kaspi.control(.get, "refunds?payment_id=\(id)")
            guard case .array(let list)? = refunds.result else { throw UnexpectedAnswer(detail: refunds.json.text) }
            #expect(list.map { $0["amount_tiyn"] } == [.int(750_000), .int(750_000)])
        }
    }

    @Test func finalPaymentsDoNotMove() async throws {
        try await withKaspiSandbox { kaspi in
            let id = try await kaspi.createInvoice()
            #expect(try await kaspi.partner(.post, "test/payment/confirm", .object([("qrPaymentId", .int(id))]))
                .statusCode == 0)
            #expect(try await kaspi.partner(.post, "test/payment/\(id)/error").statusCode == -99000011)
            #expect(try await kaspi.partner(.post, "test/payment/\(id)/scan").statusCode == -99000011)
            let decline = try await kaspi.control(.post, "payments/\(id)/decline")
            #expect(decline.status == 409)
            #expect(try await kaspi.status(id) == "Processed")

            let other = try await kaspi.createInvoice()
            #expect(try await kaspi.partner(.post, "test/payment/scanerror", .object([("QrPaymentId", .int(other))]))
                .statusCode == 0)
            #expect(try await kaspi.status(other) == "Error")
        }
    }

    @Test func invoicesAndLinksExpireIntoError() async throws {
        let clock = ManualClock()
        try await withKaspiSandbox(.forTests(clock: clock)) { kaspi in
            let invoice = try await kaspi.createInvoice()
            let link = try await kaspi.partner(.post, "qr/create-link", .object(kaspi.merchant + [
                ("Amount", .number("100")),
            ])).data?["PaymentId"]?.int64Value
            let linkId = try #require(link)
            let opened = try await kaspi.createInvoice()
            #expect(try await kaspi.partner(.post, "test/payment/\(opened)/scan").statusCode == 0)

            clock.advance(.seconds(64))
            let waiting = try await kaspi.control(.get, "payments/\(opened)")
            #expect(waiting.result?["status"] == .string("Wait"))
            clock.advance(.seconds(1))
            #expect(try await kaspi.status(opened) == "Error")  // 65 s to confirm after opening
            clock.advance(.seconds(234))
            #expect(try await kaspi.status(linkId) == "QrTokenCreated")
            clock.advance(.seconds(1))
            #expect(try await kaspi.status(linkId) == "Error")
            #expect(try await kaspi.status(invoice) == "QrTokenCreated")

            clock.advance(.seconds(600))
            #expect(try await kaspi.status(invoice) == "Error")
            let view = try await kaspi.control(.get, "payments/\(invoice)")
            #expect(view.result?["error_reason"] == .string("expired"))
            #expect(try await kaspi.partner(.post, "test/payment/\(invoice)/confirm").statusCode == -99000011)
        }
    }

    @Test func merchantCanCancelARemoteInvoice() async throws {
        try await withKaspiSandbox { kaspi in
            let id = try await kaspi.createInvoice()
            let cancel = try await kaspi.partner(.post, "remote/cancel", .object(kaspi.merchant + [
                ("QrPaymentId", .int(id)),
            ]))
            #expect(cancel.data?["Status"] == .string("RemotePaymentCanceled"))
            #expect(try await kaspi.status(id) == "Error")
            #expect(try await kaspi.partner(.post, "remote/cancel", .object(kaspi.merchant + [
                ("QrPaymentId", .int(id)),
            ])).statusCode == -99000011)
        }
    }

    @Test func injectedFaultsAnswerTheNextCalls() async throws {
        try await withKaspiSandbox { kaspi in
            let id = try await kaspi.createInvoice()
            let queued = try await kaspi.control(.post, "faults", .object([("status_code", .int(-999)), ("count", .int(2))]))
            #expect(queued.ok)
            #expect(try await kaspi.partner(.get, "payment/status/\(id)").statusCode == -999)
            #expect(try await kaspi.partner(.get, "payment/status/\(id)").statusCode == -999)
            #expect(try await kaspi.status(id) == "QrTokenCreated")
        }
    }

    @Test func paymentIdsStayUniqueAndGrow() async throws {
        try await withKaspiSandbox { kaspi in
            var previous: Int64 = 0
            for _ in 0..<5 {
                let id = try await kaspi.createInvoice()
                #expect(id > previous)
                previous = id
            }
        }
    }
}
