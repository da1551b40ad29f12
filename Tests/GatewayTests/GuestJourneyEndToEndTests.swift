import Contracts
import Database
import Foundation
import Gateway
import Testing
import TestSupport

/// A guest's whole journey through every service and both sandboxes: search, book, pay through the Kaspi sandbox
/// (by account number or by invoice), get the access details from the notifier, look at them again, cancel.
@Suite struct GuestJourneyEndToEndTests {
    @Test func paidByAccountNumberTheGuestGetsAccessDetailsAndEveryRevealIsAudited() async throws {
        try await withPlatform { journey in
            let chat = ChatDriver(bot: journey.bot, userId: 5001)
            let (payment, account, sum) = try await holdWithDefaultDates(chat)
            let booking = try await journey.currentBooking(guest: 5001)
            #expect(booking.number == account)
            #expect(sum == tenge(booking.totalTiyn), "the payment message asks for the booking's total")
            #expect(payment.text?.contains("К оплате: \(Texts.cost(pricePerNightTiyn: booking.pricePerNightTiyn, nights: booking.nights))") == true)

            let paid = try await journey.kaspi.payByAccount(account, sum: sum)
            #expect(paid["outcome"] as? String == "paid", "\(paid)")
            #expect(paid["result"] as? Int == 0)
            let prvTxn = try #require(paid["prv_txn"] as? String)
            #expect(!prvTxn.isEmpty)

            let details = try await journey.accessDetails(booking.apartmentId)
            let message = try await chat.waitForMessage("Оплата получена") { $0.hasPrefix("✅ Оплата получена") }
            let settled = try await journey.booking(booking.bookingId)
            #expect(settled.status == .paid)
            #expect(message.text == paidMessage(settled, details), "\(message.text ?? "")")
            for piece in ["Адрес: \(details.address)", "Подъезд: \(details.entrance)",
                          "кв. \(details.apartmentNumber)", "Код домофона: \(details.intercomCode ?? "—")",
                          "Код сейфа: \(details.safeCode ?? "—")", "Телефон риелтора: \(details.realtorPhone)",
                          "Бронь №\(account) — Забронировано"] {
                #expect(message.text?.contains(piece) == true, "\(piece)")
            }
            #expect(message.buttonTexts == ["Статус текущей брони", "Главное меню"])

            try await chat.say(Texts.menuStatus)
            let status = try await chat.next()
            #expect(status.text?.hasPrefix("Бронь №\(account) · Забронировано\n") == true, "\(status.text ?? "")")
            #expect(status.text?.hasSuffix("\nОплачено: \(Texts.money(tiyn: booking.totalTiyn))") == true)
            #expect(status.buttonTexts == [Texts.details, Texts.cancelBooking])
            try await chat.press(Texts.details, on: status)
            let again = try await chat.next(after: status.id)
            #expect(again.text == Texts.accessDetails(details, booking: settled), "\(again.text ?? "")")

            // One audit row per reveal to the guest: the notifier's and «Детали».
            let reveals = try await journey.platform.database.adminPool.query("""
                SELECT purpose, channel, requester_id, granted FROM catalog.access_audit
                WHERE booking_id = \(booking.bookingId) AND requester_role = 'guest' ORDER BY id
                """)
            #expect(try reveals.map { try $0.decode("purpose", as: String.self) } == ["booking_paid", "booking_details"])
            #expect(try reveals.allSatisfy { try $0.decode("granted", as: Bool.self) })
            #expect(try reveals.allSatisfy { try $0.decode("requester_id", as: Int64.self) == 5001 })
            #expect(try reveals.allSatisfy { try $0.decode("channel", as: String.self) == "telegram" })
            #expect(try await journey.count("""
                SELECT count(*)::int AS n FROM payments.payments
                WHERE booking_id = \(booking.bookingId) AND channel = 'account' AND amount_tiyn = \(booking.totalTiyn)
                """) == 1)
        }
    }

    @Test func paidByKaspiInvoiceToTheSharedPhoneTheDetailsArriveOnce() async throws {
        try await withPlatform { journey in
            let chat = ChatDriver(bot: journey.bot, userId: 5002)
            let (payment, account, _) = try await holdWithDefaultDates(chat)
            let booking = try await journey.currentBooking(guest: 5002)

            /// «Счёт Kaspi на телефон», the phone shared with the contact button: the bot's answer.
            func askInvoice(sharing phone: String, after previous: Int) async throws -> SandboxMessage {
                try await chat.press(Texts.payByPhone, on: payment)
                #expect(try await chat.next(after: previous).text == Texts.askPhone)
                return try await chat.next(after: try await chat.shareContact(phone))
            }
            let sent = try await askInvoice(sharing: "+77011234567", after: payment.id)
            #expect(sent.text == Texts.invoiceSent(amountTiyn: booking.totalTiyn, phone: "+77011234567"),
                    "\(sent.text ?? "")")

            let invoices = try await journey.kaspi.invoices(phone: "87011234567")
            #expect(invoices.count == 1, "\(invoices)")
            let invoice = try #require(invoices.first)
            #expect(invoice["kind"] as? String == "invoice")
            #expect(invoice["status"] as? String == "QrTokenCreated")
            #expect((invoice["amount_tiyn"] as? NSNumber)?.int64Value == booking.totalTiyn)
            #expect(invoice["external_id"] as? String == account, "\(invoice)")
            let id = try #require((invoice["id"] as? NSNumber)?.stringValue ?? invoice["id"] as? String)

            // Asked again with another number while the invoice is live: the same invoice, and the bot names the
            // number it really went to.
            let sentAgain = try await askInvoice(sharing: "8 701 555 66 77", after: sent.id)
            #expect(sentAgain.text == Texts.invoiceSent(amountTiyn: booking.totalTiyn, phone: "+77011234567"),
                    "\(sentAgain.text ?? "")")
            #expect(try await journey.kaspi.invoices(phone: "87015556677").isEmpty)

            try await journey.kaspi.pay(paymentId: id)

            let message = try await chat.waitForMessage("Оплата получена") { $0.hasPrefix("✅ Оплата получена") }
            let details = try await journey.accessDetails(booking.apartmentId)
            #expect(message.text == paidMessage(try await journey.booking(booking.bookingId), details))
            try await waitUntil("the invoice is settled in payments", deadline: .seconds(60)) {
                try await journey.count("""
                    SELECT count(*)::int AS n FROM payments.kaspi_payments
                    WHERE booking_id = \(booking.bookingId) AND status = 'settled'
                    """) == 1
            }
            // Settled, the payment is no longer live, so the poller (every 200 ms) has nothing left to settle again.
            try await expectPaidMessageOnce(journey, chat, booking)
            #expect(try await journey.count("""
                SELECT count(*)::int AS n FROM payments.payments
                WHERE booking_id = \(booking.bookingId) AND channel = 'invoice' AND amount_tiyn = \(booking.totalTiyn)
                """) == 1)
            #expect(try await journey.booking(booking.bookingId).status == .paid)
        }
    }

    @Test func repeatedPayWithTheSameTxnIdCreditsOnceAndReplaysTheAnswer() async throws {
        try await withPlatform { journey in
            let chat = ChatDriver(bot: journey.bot, userId: 5003)
            let (_, account, sum) = try await holdWithDefaultDates(chat)
            let booking = try await journey.currentBooking(guest: 5003)

            let replayed = try await journey.kaspi.payByAccount(account, sum: sum, mode: "replay")
            #expect(replayed["outcome"] as? String == "paid", "\(replayed)")
            #expect(replayed["result"] as? Int == 0)
            #expect(replayed["replay_identical"] as? Bool == true, "\(replayed)")
            let txnId = try #require(replayed["txn_id"] as? String)
            let prvTxn = try #require(replayed["prv_txn"] as? String)

            // Much later, Kaspi re-sends the same txn_id once more: the stored answer again, nothing credited.
            let resent = try await journey.kaspi.payByAccount(account, sum: sum, txnId: txnId, skipCheck: true)
            #expect(resent["result"] as? Int == 0, "\(resent)")
            #expect(resent["prv_txn"] as? String == prvTxn)
            // A new txn_id for the paid booking is told it is paid already.
            let another = try await journey.kaspi.payByAccount(account, sum: sum, skipCheck: true)
            #expect(another["result"] as? Int == 3, "\(another)")

            _ = try await chat.waitForMessage("Оплата получена") { $0.hasPrefix("✅ Оплата получена") }
            try await expectCreditedOnce(journey, booking)
            try await expectPaidMessageOnce(journey, chat, booking)
        }
    }

    @Test func payAfterTheHoldExpiredIsRefusedAndTheGuestIsToldTheHoldExpired() async throws {
        try await withPlatform { journey in
            let chat = ChatDriver(bot: journey.bot, userId: 5004)
            let (_, account, sum) = try await holdWithDefaultDates(chat)
            let booking = try await journey.currentBooking(guest: 5004)

            // Booking's business clock jumps past the 15-minute hold: its scheduler expires the booking.
            try await journey.services.restart(.booking, overrides: ["ZG_CLOCK_SHIFT": "+20m"])
            let expired = try await chat.waitForMessage("истекло") { $0.hasPrefix("⌛ Время на оплату брони") }
            #expect(expired.text == """
                ⌛ Время на оплату брони №\(account) истекло, бронь снята.
                Даты \(stay(booking)) снова свободны. Можно поискать другие варианты.
                """, "\(expired.text ?? "")")
            #expect(try await journey.booking(booking.bookingId).status == .expired)

            let checked = try await journey.kaspi.payByAccount(account, sum: sum)
            #expect(checked["outcome"] as? String == "check_refused", "\(checked)")
            #expect(checked["result"] as? Int == 2)
            let paid = try await journey.kaspi.payByAccount(account, sum: sum, skipCheck: true)
            #expect(paid["outcome"] as? String == "refused", "\(paid)")
            #expect(paid["result"] as? Int == 2)

            #expect(try await journey.booking(booking.bookingId).status == .expired)
            #expect(try await journey.count("""
                SELECT count(*)::int AS n FROM payments.payments WHERE booking_id = \(booking.bookingId)
                """) == 0)
            try await journey.waitUntilSettled(booking)
            #expect(try await journey.bookingEvents(BookingPaid.messageType, booking) == 0)
            #expect(try await chat.countMessages { $0.contains("Оплата получена") || $0.contains("как заселиться") } == 0)
            #expect(try await chat.countMessages { $0.hasPrefix("⌛ Время на оплату брони") } == 1)
        }
    }

    @Test func callerOutsideTheAllowListAndKaspiMistakesAreRefusedAndTheBookingStaysHeld() async throws {
        try await withPlatform { journey in
            let chat = ChatDriver(bot: journey.bot, userId: 5005)
            let (_, account, sum) = try await holdWithDefaultDates(chat)
            let booking = try await journey.currentBooking(guest: 5005)

            let checked = try await journey.kaspi.payByAccount(account, sum: sum, sourceAddress: "127.0.0.9")
            #expect(checked["outcome"] as? String == "check_refused", "\(checked)")
            #expect(checked["result"] as? Int == 5)
            let refused = try await journey.kaspi.payByAccount(account, sum: sum, sourceAddress: "127.0.0.9",
                                                               skipCheck: true)
            #expect(refused["outcome"] as? String == "refused", "\(refused)")
            #expect(refused["result"] as? Int == 5)
            let exchanges = refused["exchanges"] as? [[String: Any]] ?? []
            #expect(!exchanges.isEmpty)
            for exchange in exchanges {
                #expect(exchange["http_status"] as? Int == 403, "\(exchange)")
                #expect(exchange["source_address"] as? String == "127.0.0.9", "\(exchange)")
            }

            // Kaspi's own mistakes from the allowed address get their codes and change nothing either.
            let wrongSum = try await journey.kaspi.payByAccount(account, sum: tenge(booking.totalTiyn + 100),
                                                                skipCheck: true)
            #expect(wrongSum["outcome"] as? String == "refused", "\(wrongSum)")
            #expect(wrongSum["result"] as? Int == 5)
            let unknown = try await journey.kaspi.payByAccount("999999999", sum: sum, skipCheck: true)
            #expect(unknown["outcome"] as? String == "refused", "\(unknown)")
            #expect(unknown["result"] as? Int == 1)
            let malformed = try await journey.kaspi.call("POST", "/sandbox/account-payments", [
                "account": account, "sum": sum, "mode": "malformed", "defect": "txn_id",
            ]) as? [String: Any] ?? [:]
            #expect(malformed["outcome"] as? String == "malformed_sent", "\(malformed)")
            #expect(malformed["result"] as? Int == 5)

            #expect(try await journey.booking(booking.bookingId).status == .held)
            #expect(try await journey.count("""
                SELECT count(*)::int AS n FROM payments.payments WHERE booking_id = \(booking.bookingId)
                """) == 0)
            let refusedTxn = try #require(refused["txn_id"] as? String)
            #expect(try await journey.count("""
                SELECT count(*)::int AS n FROM payments.kaspi_transactions WHERE txn_id = \(refusedTxn)
                """) == 0, "nothing is stored for a refused source")

            // The same payment from Kaspi's address goes through: the refusal changed nothing.
            let paid = try await journey.kaspi.payByAccount(account, sum: sum)
            #expect(paid["outcome"] as? String == "paid", "\(paid)")
            _ = try await chat.waitForMessage("Оплата получена") { $0.hasPrefix("✅ Оплата получена") }
            try await expectCreditedOnce(journey, booking)
        }
    }

    @Test func paymentsKilledAndRestartedMidPaymentCreditsOnceAfterKaspiResends() async throws {
        let options = JourneyOptions(kaspiSandbox: ["KASPI_SANDBOX_ACCOUNT_RETRY_DELAY": "2s",
                                                    "KASPI_SANDBOX_ACCOUNT_ATTEMPTS": "30"])
        try await withPlatform(options) { journey in
            let chat = ChatDriver(bot: journey.bot, userId: 5006)
            let (_, account, sum) = try await holdWithDefaultDates(chat)
            let booking = try await journey.currentBooking(guest: 5006)

            // Kaspi's first pay is processed but its answer is lost; before Kaspi re-sends it, payments crashes.
            let txnId = String(Int.random(in: 100_000_000...999_999_999))
            async let outcome = journey.kaspi.payByAccount(account, sum: sum, mode: "timeout", txnId: txnId)
            try await waitUntil("the first pay is credited", deadline: .seconds(60)) {
                try await journey.count("""
                    SELECT count(*)::int AS n FROM payments.payments WHERE booking_id = \(booking.bookingId)
                    """) == 1
            }
            await journey.services.kill(.payments)
            // Kaspi's re-send finds nobody listening; only then does payments come back.
            try await waitUntil("Kaspi's re-sent pay fails while payments is down", deadline: .seconds(60)) {
                try await journey.kaspi.exchanges(txnId: txnId).contains {
                    $0["command"] as? String == "pay" && $0["http_status"] == nil && $0["error"] != nil
                }
            }
            try await journey.services.start(.payments)
            let paid = try await outcome
            #expect(paid["outcome"] as? String == "paid", "\(paid)")
            #expect(paid["result"] as? Int == 0)
            #expect(paid["txn_id"] as? String == txnId)
            let pays = try await journey.kaspi.exchanges(txnId: txnId).filter { $0["command"] as? String == "pay" }
            #expect(pays.count >= 2, "the pay was re-sent: \(pays)")
            let answers = pays.compactMap { ($0["answer"] as? [String: Any])?["prv_txn"] as? String }
            #expect(Set(answers).count == 1, "every answer names the same prv_txn: \(answers)")

            let message = try await chat.waitForMessage("Оплата получена") { $0.hasPrefix("✅ Оплата получена") }
            let details = try await journey.accessDetails(booking.apartmentId)
            #expect(message.text == paidMessage(try await journey.booking(booking.bookingId), details))
            try await expectCreditedOnce(journey, booking)
            try await expectPaidMessageOnce(journey, chat, booking)
        }
    }

    @Test func bookingKilledMidPaymentIsSettledOnceWhenKaspiResendsAfterItsRestart() async throws {
        let options = JourneyOptions(payments: ["RPC_TIMEOUT": "2s", "KASPI_PAY_LEASE": "4s"],
                                     kaspiSandbox: ["KASPI_SANDBOX_ACCOUNT_RETRY_DELAY": "1s",
                                                    "KASPI_SANDBOX_ACCOUNT_ATTEMPTS": "60"])
        try await withPlatform(options) { journey in
            let chat = ChatDriver(bot: journey.bot, userId: 5008)
            let (_, account, sum) = try await holdWithDefaultDates(chat)
            let booking = try await journey.currentBooking(guest: 5008)

            // Booking crashes; Kaspi's pay arrives meanwhile and cannot be settled: Kaspi must try again.
            await journey.services.kill(.booking)
            let txnId = String(Int.random(in: 100_000_000...999_999_999))
            async let outcome = journey.kaspi.payByAccount(account, sum: sum, txnId: txnId, skipCheck: true)
            try await waitUntil("a pay is answered «try again» while booking is down", deadline: .seconds(60)) {
                try await journey.kaspi.exchanges(txnId: txnId).contains { exchange in
                    let result = (exchange["answer"] as? [String: Any])?["result"] as? Int
                    return exchange["command"] as? String == "pay" && (result == 4 || exchange["error"] != nil)
                }
            }
            #expect(try await journey.count("""
                SELECT count(*)::int AS n FROM payments.payments WHERE booking_id = \(booking.bookingId)
                """) == 0, "nothing is credited while booking cannot settle")
            try await journey.services.start(.booking)

            let paid = try await outcome
            #expect(paid["outcome"] as? String == "paid", "\(paid)")
            #expect(paid["result"] as? Int == 0)
            let message = try await chat.waitForMessage("Оплата получена") { $0.hasPrefix("✅ Оплата получена") }
            let details = try await journey.accessDetails(booking.apartmentId)
            #expect(message.text == paidMessage(try await journey.booking(booking.bookingId), details))
            try await expectCreditedOnce(journey, booking)
            try await expectPaidMessageOnce(journey, chat, booking)
        }
    }

    @Test func cancellingAPaidBookingThreeDaysAheadRefundsEverything() async throws {
        try await withPlatform { journey in
            let chat = ChatDriver(bot: journey.bot, userId: 5007)
            let card = try await firstCard(chat)
            try await chat.press(Texts.book, on: card)
            _ = try await chat.next(after: card.id)
            let start = LocalDate.today().adding(days: 10)
            try await chat.say("\(start.shortText)–\(start.adding(days: 2).shortText)")
            let summary = try await chat.next()
            #expect(summary.text?.contains(" × 2 ночи = ") == true, "\(summary.text ?? "")")
            try await chat.press(Texts.confirm, on: summary)
            let payment = try await chat.next(after: summary.id)
            let (account, sum) = try #require(accountAndSum(payment.text ?? ""), "\(payment.text ?? "")")
            let booking = try await journey.currentBooking(guest: 5007)
            #expect(booking.nights == 2)

            let paid = try await journey.kaspi.payByAccount(account, sum: sum)
            #expect(paid["outcome"] as? String == "paid", "\(paid)")
            _ = try await chat.waitForMessage("Оплата получена") { $0.hasPrefix("✅ Оплата получена") }

            try await chat.say(Texts.menuStatus)
            let status = try await chat.next()
            #expect(status.buttonTexts == [Texts.details, Texts.cancelBooking], "\(status.text ?? "")")
            try await chat.press(Texts.cancelBooking, on: status)
            let question = try await chat.next(after: status.id)
            let total = Texts.money(tiyn: booking.totalTiyn)
            #expect(question.text == """
                Отменить бронь №\(account) (\(Texts.stayDates(booking)))?
                Вернём 100 % — \(total).
                Правила: за 72 ч и раньше до заезда — 100 %, за 24–72 ч — 50 %, позже — без возврата.
                """, "\(question.text ?? "")")
            let done = try await chat.pressInPlace(Texts.cancelYes, on: question)
            #expect(done.text == """
                Бронь №\(account) (\(Texts.stayDates(booking))) отменена, даты освобождены.
                Возврат: \(total) (100 %) — деньги вернутся через Kaspi.
                """, "\(done.text ?? "")")

            let told = try await chat.waitForMessage("отменена (notifier)") { $0.hasPrefix("❌ Бронь №\(account)") }
            #expect(told.text == """
                ❌ Бронь №\(account) отменена.
                Даты: \(stay(booking))

                К возврату: \(total). Деньги вернутся через Kaspi.
                """, "\(told.text ?? "")")
            let cancelled = try await journey.booking(booking.bookingId)
            #expect(cancelled.status == .cancelled)
            #expect(cancelled.refundTiyn == booking.totalTiyn)

            // Pay-by-account has no refund call: an operator owes the guest the whole sum.
            try await waitUntil("a due refund", deadline: .seconds(60)) {
                try await journey.count("""
                    SELECT count(*)::int AS n FROM payments.refunds WHERE booking_id = \(booking.bookingId)
                    """) > 0
            }
            let refunds = try await journey.platform.database.adminPool.query("""
                SELECT status, method, reason, amount_tiyn FROM payments.refunds
                WHERE booking_id = \(booking.bookingId)
                """)
            #expect(refunds.count == 1)
            let refund = try #require(refunds.first)
            #expect(try refund.decode("status", as: String.self) == "due")
            #expect(try refund.decode("method", as: String.self) == "operator")
            #expect(try refund.decode("reason", as: String.self) == "booking_cancelled")
            #expect(try refund.decode("amount_tiyn", as: Int64.self) == booking.totalTiyn)
        }
    }
}

// MARK: Steps and expectations

/// Search Almaty with «Любой» everywhere and return the first card.
func firstCard(_ chat: ChatDriver) async throws -> SandboxMessage {
    try await chat.say(Texts.menuSearch)
    let wizard = try await chat.next()
    let districts = try await chat.pressInPlace("Алматы", on: wizard)
    let classes = try await chat.pressInPlace(Texts.any, on: districts)
    let rooms = try await chat.pressInPlace(Texts.any, on: classes)
    try await chat.press(Texts.any, on: rooms)
    return try await chat.albumAndCard(after: rooms.id).card
}

/// From a search to a hold with the default dates; returns the payment message and the account number and sum
/// read from it.
func holdWithDefaultDates(_ chat: ChatDriver) async throws -> (SandboxMessage, String, String) {
    let card = try await firstCard(chat)
    try await chat.press(Texts.book, on: card)
    let datesStep = try await chat.next(after: card.id)
    let keep = try #require(datesStep.buttonTexts.first { $0.hasPrefix(Texts.keepDatesPrefix) })
    let summary = try await chat.pressInPlace(keep, on: datesStep)
    try await chat.press(Texts.confirm, on: summary)
    let payment = try await chat.next(after: summary.id)
    let text = payment.text ?? ""
    let (account, sum) = try #require(accountAndSum(text), "\(text)")
    #expect(text.hasPrefix("Бронь №\(account) оформлена — осталось оплатить."), "\(text)")
    return (payment, account, sum)
}

/// «… введите номер счёта 100042 и оплатите 15 000 ₸.» → ("100042", "15000"), as Kaspi's payer would type them.
func accountAndSum(_ text: String) -> (String, String)? {
    guard let head = text.range(of: "введите номер счёта "),
          let middle = text.range(of: " и оплатите ", range: head.upperBound..<text.endIndex),
          let end = text.range(of: " ₸", range: middle.upperBound..<text.endIndex)
    else { return nil }
    let account = String(text[head.upperBound..<middle.lowerBound])
    let sum = text[middle.upperBound..<end.lowerBound].filter { $0.isNumber || $0 == "," }
        .replacingOccurrences(of: ",", with: ".")
    guard !account.isEmpty, account.allSatisfy(\.isNumber), !sum.isEmpty else { return nil }
    return (account, sum)
}

/// Tiyn as the tenge Kaspi's payer types: «15000», «15000.5» → "15000.50".
func tenge(_ tiyn: Int64) -> String {
    tiyn % 100 == 0 ? "\(tiyn / 100)" : String(format: "%lld.%02lld", tiyn / 100, tiyn % 100)
}

/// «25.12 14:00 — 26.12 12:00 (1 ночь)» as the notifier writes a stay.
func stay(_ booking: BookingSummary) -> String {
    "\(Texts.dateTime(booking.checkIn)) — \(Texts.dateTime(booking.checkOut)) (\(Texts.nights(booking.nights)))"
}

/// The notifier's message after a payment, as the guest sees it (HTML already rendered by the sandbox).
func paidMessage(_ booking: BookingSummary, _ details: ApartmentAccessDetails) -> String {
    var lines = [
        "✅ Оплата получена. Бронь №\(booking.number) — Забронировано.", "",
        "Даты: \(stay(booking))",
        "Оплачено: \(Texts.money(tiyn: booking.totalTiyn))", "",
        "Как попасть в квартиру",
        "Адрес: \(details.address)",
    ]
    if !details.entrance.isEmpty { lines.append("Подъезд: \(details.entrance)") }
    let place = [details.floor.map { "этаж \($0)" },
                 details.apartmentNumber.isEmpty ? nil : "кв. \(details.apartmentNumber)"].compactMap { $0 }
    if !place.isEmpty { lines.append("Этаж/квартира: " + place.joined(separator: ", ")) }
    if let code = details.intercomCode { lines.append("Код домофона: \(code)") }
    if let code = details.safeCode { lines.append("Код сейфа: \(code)") }
    lines.append("Телефон риелтора: \(details.realtorPhone)")
    return lines.joined(separator: "\n")
}

/// Booking paid, one `payments` row and one PaymentSucceeded in payments' outbox for it.
func expectCreditedOnce(_ journey: Journey, _ booking: BookingSummary) async throws {
    try await waitUntil("PaymentSucceeded for \(booking.number) in payments' outbox", deadline: .seconds(60)) {
        try await succeededEvents(journey, booking) >= 1
    }
    #expect(try await journey.booking(booking.bookingId).status == .paid)
    #expect(try await journey.count("""
        SELECT count(*)::int AS n FROM payments.payments WHERE booking_id = \(booking.bookingId)
        """) == 1)
    #expect(try await succeededEvents(journey, booking) == 1)
}

func succeededEvents(_ journey: Journey, _ booking: BookingSummary) async throws -> Int {
    try await journey.count("""
        SELECT count(*)::int AS n FROM payments.outbox
        WHERE message_type = 'payments.payment.succeeded.v1'
          AND convert_from(body, 'UTF8') ILIKE \("%" + booking.bookingId.uuidString + "%")
        """)
}
