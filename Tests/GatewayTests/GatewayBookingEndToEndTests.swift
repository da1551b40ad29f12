import Contracts
import Foundation
import Gateway
import Logging
import Messaging
import Presentation
import TestSupport
import Testing

/// Booking and the personal cabinet end to end: the demo catalog, the real catalog, booking and gateway
/// executables, users played through the in-process sandbox; booking's own view checked over a test bus.
@Suite struct GatewayBookingEndToEndTests {
    @Test func defaultDatesHoldTheApartmentAndShowThePaymentMessage() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 3001)
            let card = try await openFirstCard(chat)
            try await chat.press(Texts.book, on: card)
            let datesStep = try await chat.next(after: card.id)
            let expected = StayTimes.withDefaultTimes(.default(today: LocalDate.today()), now: Date())
            #expect(datesStep.text == Texts.bookingDatesPrompt(expected), "\(datesStep.text ?? "")")
            #expect(datesStep.buttonTexts.contains(Texts.keepDates(expected)), "\(datesStep.buttonTexts)")
            // The card's buttons are gone (booking took over).
            #expect(try await chat.message(card.id).buttons.isEmpty)

            let summary = try await chat.pressInPlace(Texts.keepDates(expected), on: datesStep)
            let text = summary.text ?? ""
            #expect(text.hasPrefix("Проверьте бронь:"), "\(text)")
            #expect(text.contains("Заезд: \(expected.checkIn.shortText) \(expected.checkInTime)"), "\(text)")
            #expect(text.contains(" × 1 ночь = "), "\(text)")
            #expect(summary.buttonTexts == [Texts.confirm, Texts.changeDates, Texts.backToCard])

            try await chat.press(Texts.confirm, on: summary)
            let payment = try await chat.next(after: summary.id)
            // A second press (double tap, an old client) places no second hold.
            #expect(try await chat.press(Texts.confirm, on: summary, forge: true) == Texts.alreadyHeld)

            let held = try await withTestBus(bot) { bus in
                try await bus.request(Envelope(ListGuestBookings(guestId: 3001, scope: .current, offset: 0, limit: 10),
                                               producer: .admin)).payload
            }
            #expect(held.total == 1)
            let booking = try #require(held.bookings.first)
            #expect(booking.status == .held)
            #expect(booking.nights == 1)
            #expect(card.text?.contains("Цена за ночь: \(Texts.money(tiyn: booking.pricePerNightTiyn))") == true)
            #expect(booking.checkIn == expected.checkInInstant)
            #expect(booking.checkOut == expected.checkOutInstant)
            let paymentText = payment.text ?? ""
            #expect(paymentText.hasPrefix("Бронь №\(booking.number) оформлена"), "\(paymentText)")
            #expect(paymentText.contains("номер счёта \(booking.number) и оплатите \(Texts.money(tiyn: booking.totalTiyn))"))
            #expect(paymentText.contains("К оплате: \(Texts.cost(pricePerNightTiyn: booking.pricePerNightTiyn, nights: 1))"))
            let deadline = try #require(booking.holdExpiresAt)
            #expect(paymentText.contains("Бронь удерживается до \(Texts.clock(deadline)) ("), "\(paymentText)")
            #expect(payment.buttonTexts == [Texts.payByPhone, Texts.paymentLinkButton, Texts.cancelHold])
        }
    }

    @Test func typedDatesAreParsedAndImpossibleOnesRefused() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 3002)
            let card = try await openFirstCard(chat)
            try await chat.press(Texts.book, on: card)
            let datesStep = try await chat.next(after: card.id)

            try await chat.say("когда-нибудь")
            #expect(try await chat.next().text == Texts.bookingDatesError(StayTimes.Problem.unreadable))
            try await chat.say("01.01.2020–03.01.2020")
            #expect(try await chat.next().text == Texts.bookingDatesError(StayTimes.Problem.inPast))
            let start = LocalDate.today().adding(days: 10)
            try await chat.say("\(start.adding(days: 2).shortText)–\(start.shortText)")
            #expect(try await chat.next().text == Texts.bookingDatesError(StayTimes.Problem.checkOutNotAfterCheckIn))
            try await chat.say("\(start.description.dotted)–\(start.adding(days: 40).description.dotted)")
            #expect(try await chat.next().text == Texts.bookingDatesError(StayTimes.Problem.tooLong))
            try await chat.say("\(start.shortText) 10:00 – \(start.shortText) 20:00")
            #expect(try await chat.next().text == Texts.bookingDatesError(StayTimes.Problem.tooShort))

            try await chat.say("\(start.shortText) 15:30 – \(start.adding(days: 2).shortText) 11:00")
            let summary = try await chat.next()
            let text = summary.text ?? ""
            #expect(text.contains("Заезд: \(start.shortText) 15:30"), "\(text)")
            #expect(text.contains("Выезд: \(start.adding(days: 2).shortText) 11:00"), "\(text)")
            #expect(text.contains(" × 2 ночи = "), "\(text)")
            // The dates message above lost its buttons: the summary below is the live one.
            #expect(try await chat.message(datesStep.id).buttons.isEmpty)

            let again = try await chat.pressInPlace(Texts.changeDates, on: summary)
            #expect(again.text?.hasPrefix("Когда заезд и выезд?") == true)
            try await chat.press(Texts.backToCard, on: again)
            let (album, cardAgain) = try await chat.albumAndCard(after: again.id)
            #expect(!album.isEmpty)
            #expect(cardAgain.text == card.text)
            #expect(cardAgain.buttonTexts.contains(Texts.book))
            // «Забронировать» again on the same card offers the times chosen before going back.
            try await chat.press(Texts.book, on: cardAgain)
            let datesAgain = try await chat.next(after: cardAgain.id)
            #expect(datesAgain.text?.contains(
                "Сейчас: \(start.shortText) 15:30 → \(start.adding(days: 2).shortText) 11:00 (2 ночи)") == true,
                "\(datesAgain.text ?? "")")
        }
    }

    @Test func twoGuestsRacingForTheSameDatesGetOneHold() async throws {
        try await withBot(demoCatalog: true) { bot in
            let first = ChatDriver(bot: bot, userId: 3003), second = ChatDriver(bot: bot, userId: 3004)
            async let firstSummary = summaryForDefaultDates(first)
            async let secondSummary = summaryForDefaultDates(second)
            let summaries = try await (firstSummary, secondSummary)
            #expect(summaries.0.text == summaries.1.text, "both look at the same apartment and dates")

            async let firstPress: String? = first.press(Texts.confirm, on: summaries.0)
            async let secondPress: String? = second.press(Texts.confirm, on: summaries.1)
            _ = try await (firstPress, secondPress)
            let replies = try await [first.next(after: summaries.0.id), second.next(after: summaries.1.id)]
            let won = replies.filter { $0.text?.contains("оформлена — осталось оплатить") == true }
            let lost = replies.filter { $0.text == Texts.apartmentTaken }
            #expect(won.count == 1, "\(replies.map(\.text))")
            #expect(lost.count == 1, "\(replies.map(\.text))")
            if let loser = lost.first {
                #expect(loser.buttonTexts == [Texts.otherDates, Texts.otherApartments])
                let chat = replies[0].text == Texts.apartmentTaken ? first : second
                // Other apartments for the same dates: the taken one is no longer first.
                try await chat.press(Texts.otherApartments, on: loser)
                let (_, card) = try await chat.albumAndCard(after: loser.id)
                #expect(card.text != summaries.0.text)
                #expect(card.text?.contains("1 из ") == true, "\(card.text ?? "")")
            }
        }
    }

    @Test func heldBookingIsListedPaidByLinkOrPhoneAndCancelled() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 3005)
            try await chat.say(Texts.menuStatus)
            #expect(try await chat.next().text == Texts.noActiveBooking)
            try await chat.say(Texts.menuBookings)
            #expect(try await chat.next().text == Texts.historyEmpty)

            let summary = try await summaryForDefaultDates(chat)
            try await chat.press(Texts.confirm, on: summary)
            let payment = try await chat.next(after: summary.id)
            let number = try #require(payment.text?.split(separator: "№").last?.split(separator: " ").first)

            // «Счёт Kaspi на телефон» asks for the guest's own contact with a contact button.
            try await chat.press(Texts.payByPhone, on: payment)
            let ask = try await chat.next(after: payment.id)
            #expect(ask.text == Texts.askPhone)
            let keyboard = (ask.json["reply_markup"] as? [String: Any])?["keyboard"] as? [[[String: Any]]] ?? []
            #expect(keyboard.first?.first?["request_contact"] as? Bool == true, "\(ask.json)")
            try await chat.say("87011234567")
            #expect(try await chat.next().text == Texts.phoneHint)
            try await chat.say(Texts.cancel)
            #expect(try await chat.next().text == Texts.phoneCancelled)

            try await chat.say(Texts.menuStatus)
            let status = try await chat.next()
            #expect(status.text?.hasPrefix("Бронь №\(number) · Ожидает оплаты") == true, "\(status.text ?? "")")
            #expect(status.text?.contains("номер счёта Kaspi: \(number)") == true)
            #expect(status.buttonTexts == [Texts.payByPhone, Texts.paymentLinkButton, Texts.cancelHold])

            try await chat.press(Texts.cancelHold, on: status)
            let question = try await chat.next(after: status.id)
            #expect(question.text?.contains("Отменить бронь №\(number)") == true)
            #expect(question.text?.contains("отмена бесплатна") == true)
            let done = try await chat.pressInPlace(Texts.cancelYes, on: question)
            #expect(done.text?.hasPrefix("Бронь №\(number)") == true && done.text?.contains("отменена") == true,
                    "\(done.text ?? "")")
            #expect(done.buttons.isEmpty)

            try await chat.say(Texts.menuStatus)
            #expect(try await chat.next().text == Texts.noActiveBooking)
            try await chat.say(Texts.menuBookings)
            let history = try await chat.next()
            #expect(history.text?.contains("№\(number) · Отменена") == true, "\(history.text ?? "")")
            #expect(history.text?.contains("стр. 1 из 1") == true)
            // The payment buttons of the cancelled hold answer politely.
            try await chat.press(Texts.paymentLinkButton, on: payment)
            let notPayable = try await chat.next(after: history.id)
            #expect(notPayable.text == Texts.notPayable)
            // Its «Отменить бронь» says why there is nothing to cancel.
            try await chat.press(Texts.cancelHold, on: payment)
            #expect(try await chat.next(after: notPayable.id).text == Texts.alreadyCancelled)
        }
    }

    @Test func sharedOwnContactAsksPaymentsAndAnUnreachableKaspiPointsToPayingByAccount() async throws {
        // withBot runs no payments service: the invoice and link requests fail like a Kaspi outage.
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 3009)
            let summary = try await summaryForDefaultDates(chat)
            try await chat.press(Texts.confirm, on: summary)
            let payment = try await chat.next(after: summary.id)
            let number = try #require(payment.text?.split(separator: "№").last?.split(separator: " ").first)
            try await chat.press(Texts.payByPhone, on: payment)
            let ask = try await chat.next(after: payment.id)
            #expect(ask.text == Texts.askPhone)
            let shared = try await chat.shareContact("+77011234567")
            let reply = try await chat.next(after: shared)
            #expect(reply.text == Texts.kaspiError(account: String(number)), "\(reply.text ?? "")")
            let keyboard = (reply.json["reply_markup"] as? [String: Any])?["keyboard"] as? [[[String: Any]]] ?? []
            #expect(keyboard.flatMap { $0.compactMap { $0["text"] as? String } }.contains(Texts.menuStatus),
                    "the main menu keyboard is back")
            try await chat.press(Texts.paymentLinkButton, on: payment)
            #expect(try await chat.next(after: reply.id).text == Texts.kaspiError(account: String(number)))
        }
    }

    @Test func paidBookingRevealsDetailsToItsGuestOnly() async throws {
        try await withBot(demoCatalog: true) { bot in
            let guest = ChatDriver(bot: bot, userId: 3006), stranger = ChatDriver(bot: bot, userId: 3007)
            let summary = try await summaryForDefaultDates(guest)
            try await guest.press(Texts.confirm, on: summary)
            _ = try await guest.next(after: summary.id)
            let booking = try await withTestBus(bot) { bus in
                let page = try await bus.request(Envelope(ListGuestBookings(guestId: 3006, scope: .current, offset: 0,
                                                                            limit: 10), producer: .admin)).payload
                let held = try #require(page.bookings.first)
                let settled = try await bus.request(Envelope(SettlePayment(
                    account: held.number, amountTiyn: held.totalTiyn, paymentReference: "test:\(held.number)",
                    paidAt: Date()), producer: .payments)).payload
                #expect(settled.result == .settled)
                return held
            }

            try await guest.say(Texts.menuStatus)
            let status = try await guest.next()
            #expect(status.text?.hasPrefix("Бронь №\(booking.number) · Забронировано") == true, "\(status.text ?? "")")
            #expect(status.buttonTexts == [Texts.details, Texts.cancelBooking])
            try await guest.press(Texts.details, on: status)
            let details = try await guest.next(after: status.id)
            let text = details.text ?? ""
            for label in ["Бронь №\(booking.number) — как заселиться", "Адрес: ", "Код домофона: ", "Код сейфа: ",
                          "Телефон риелтора: "] {
                #expect(text.contains(label), "\(text)")
            }

            // Another guest pressing (forged) buttons with this booking's id learns nothing and cancels nothing.
            try await stranger.say("/start")
            let greeting = try await stranger.next()
            for data in [CallbackData.details(booking.bookingId), .cancelAsk(booking.bookingId),
                         .cancelConfirm(booking.bookingId), .payLink(booking.bookingId)] {
                let last = try await stranger.lastBotMessageId()
                try await stranger.pressData(data.packed, on: greeting.id)
                let reply = try await stranger.next(after: last)
                #expect(reply.text == Texts.bookingNotFound, "\(data.packed): \(reply.text ?? "")")
                #expect(reply.text?.contains(booking.number) != true)
            }
            let after = try await withTestBus(bot) { bus in
                try await bus.request(Envelope(GetBooking(bookingId: booking.bookingId), producer: .admin)).payload
            }
            #expect(after.booking?.status == .paid)
        }
    }

    @Test func historyIsPaginatedFiveToAPage() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 3008)
            try await withTestBus(bot) { bus in
                var found: ApartmentSummary?
                for city in try await bus.request(Envelope(ListCities(), producer: .admin)).payload.cities {
                    let listed = try await bus.request(Envelope(SearchApartments(cityId: city.id), producer: .admin))
                    if let first = listed.payload.apartments.first { found = first; break }
                }
                let apartment = try #require(found)
                for index in 0..<7 {
                    let day = LocalDate.today().adding(days: 3 + index * 2)
                    let hold = try await bus.request(Envelope(PlaceHold(
                        requestId: UUID(), apartmentId: apartment.id, guestId: 3008, guestChatId: 3008,
                        checkIn: day.instant(at: LocalTime(hour: 14)) ?? Date(),
                        checkOut: day.adding(days: 1).instant(at: LocalTime(hour: 12)) ?? Date()), producer: .admin)).payload
                    let booking = try #require(hold.booking, "\(hold.result)")
                    let cancelled = try await bus.request(Envelope(CancelBooking(bookingId: booking.bookingId,
                                                                                 guestId: 3008), producer: .admin)).payload
                    #expect(cancelled.result == .cancelled)
                }
            }
            try await chat.say(Texts.menuBookings)
            let first = try await chat.next()
            #expect(first.text?.contains("стр. 1 из 2") == true, "\(first.text ?? "")")
            #expect(first.text?.components(separatedBy: " · Отменена").count == 6)
            #expect(first.buttonTexts == [Texts.nextPage])
            let second = try await chat.pressInPlace(Texts.nextPage, on: first)
            #expect(second.text?.contains("стр. 2 из 2") == true, "\(second.text ?? "")")
            #expect(second.text?.components(separatedBy: " · Отменена").count == 3)
            #expect(second.buttonTexts == [Texts.previousPage])
            let back = try await chat.pressInPlace(Texts.previousPage, on: second)
            #expect(back.text == first.text)
        }
    }
}

// MARK: Helpers

/// Search Almaty with «Любой» everywhere and return the first card (cheapest free apartment).
private func openFirstCard(_ chat: ChatDriver) async throws -> SandboxMessage {
    try await chat.say(Texts.menuSearch)
    let wizard = try await chat.next()
    let districts = try await chat.pressInPlace("Алматы", on: wizard)
    let classes = try await chat.pressInPlace(Texts.any, on: districts)
    let rooms = try await chat.pressInPlace(Texts.any, on: classes)
    try await chat.press(Texts.any, on: rooms)
    return try await chat.albumAndCard(after: rooms.id).card
}

/// From a search to the booking summary with the default dates.
private func summaryForDefaultDates(_ chat: ChatDriver) async throws -> SandboxMessage {
    let card = try await openFirstCard(chat)
    try await chat.press(Texts.book, on: card)
    let datesStep = try await chat.next(after: card.id)
    let keep = try #require(datesStep.buttonTexts.first { $0.hasPrefix(Texts.keepDatesPrefix) })
    return try await chat.pressInPlace(keep, on: datesStep)
}

/// A bus on the test's vhost for asking services directly (booking's view, settling a payment).
private func withTestBus<T: Sendable>(_ bot: Bot, _ body: (MessageBus) async throws -> T) async throws -> T {
    var logger = Logger(label: "gateway-tests.bus")
    logger.logLevel = .critical
    let bus = MessageBus(configuration: try BusConfiguration(url: bot.platform.broker.amqpURL, service: .admin,
                                                             rpcTimeout: .seconds(20)), logger: logger)
    do {
        let result = try await body(bus)
        await bus.shutdown()
        return result
    } catch {
        await bus.shutdown()
        throw error
    }
}

extension ChatDriver {
    /// Presses a button with `data` on message `messageId` as an old or forged client would (the message need
    /// not show it), waiting until the bot answered the callback query.
    func pressData(_ data: String, on messageId: Int) async throws {
        let press = try await bot.control("POST", "/sandbox/callbacks",
                                          ["user_id": userId, "message_id": messageId, "callback_data": data,
                                           "forge": true])
        let id = try #require(press["callback_query_id"] as? String)
        let answer = try await bot.control("GET", "/sandbox/callbacks/\(id)?timeout=60")
        #expect(answer["answered"] as? Bool == true)
    }

    /// Shares the user's own phone number (the request_contact button); returns the id of the user's message.
    func shareContact(_ phone: String) async throws -> Int {
        let sent = try await bot.control("POST", "/sandbox/contacts",
                                         ["user": ["id": userId, "first_name": "Тест\(userId)"], "phone_number": phone])
        let messages = sent["messages"] as? [[String: Any]] ?? []
        return try #require(messages.first?["message_id"] as? Int, "the sandbox returns the contact message")
    }

    /// The id of the bot's latest message in this chat.
    func lastBotMessageId() async throws -> Int {
        let all = try await bot.controlValue("GET", "/sandbox/chats/\(userId)/messages?from=bot") as? [[String: Any]] ?? []
        return all.compactMap { $0["message_id"] as? Int }.max() ?? 0
    }
}

private extension String {
    /// «2026-12-05» → «05.12.2026».
    var dotted: String { split(separator: "-").reversed().joined(separator: ".") }
}
