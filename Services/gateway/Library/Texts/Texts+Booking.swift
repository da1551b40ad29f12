import Contracts
import Foundation
import Presentation

/// Russian texts of booking, payment and the personal cabinet (PRODUCT.md scenarios 3–4). Messages are sent
/// with parse_mode HTML: everything from other services goes through ``Texts/escape(_:)``.
extension Texts {
    // MARK: Time and apartments

    /// «14:35» of an instant in UTC+5.
    public static func clock(_ instant: Date) -> String { Formatting.time(instant) }

    /// «25.12 14:00» of an instant in UTC+5 (the year outside the current one).
    public static func dateTime(_ instant: Date) -> String { Formatting.dateTime(instant) }

    /// «25.12–27.12» of a booking.
    public static func stayDates(_ booking: BookingSummary) -> String {
        "\(LocalDate.today(now: booking.checkIn).shortText)–\(LocalDate.today(now: booking.checkOut).shortText)"
    }

    /// «Алматы, Бостандыкский · Комфорт · 2 комн.»
    public static func apartmentLine(_ card: ApartmentCard) -> String {
        "\(escape(card.cityName)), \(escape(card.districtName)) · \(className(card.apartmentClass.rawValue)) · "
            + "\(roomsName(card.rooms)) комн."
    }

    /// «15 000 ₸ × 2 ночи = 30 000 ₸»
    public static func cost(pricePerNightTiyn: Int64, nights count: Int) -> String {
        "\(money(tiyn: pricePerNightTiyn)) × \(nights(count)) = \(money(tiyn: pricePerNightTiyn * Int64(count)))"
    }

    /// Minutes left until `deadline`, to the nearest minute (a fresh 15-minute hold reads «15 мин» although the
    /// reply is composed a moment before or after the hold was placed), at least 1 while time is left, 0 after.
    public static func minutesLeft(until deadline: Date, now: Date) -> Int {
        let seconds = deadline.timeIntervalSince(now)
        guard seconds > 0 else { return 0 }
        return max(1, Int((seconds / 60).rounded()))
    }

    /// «Бронь удерживается до 14:35 (15 мин).»
    public static func holdLeft(until deadline: Date, now: Date) -> String {
        "Бронь удерживается до \(clock(deadline)) (\(minutesLeft(until: deadline, now: now)) мин)."
    }

    // MARK: Dates and summary

    public static let backToCard = "« Назад к карточке"
    public static let keepDatesPrefix = "✅ "
    public static func keepDates(_ times: StayTimes) -> String { keepDatesPrefix + times.text }

    public static func bookingDatesPrompt(_ times: StayTimes) -> String {
        """
        Когда заезд и выезд?
        Сейчас: \(times.text) (\(nights(times.nights))).

        Подтвердите кнопкой, выберите другой вариант или напишите даты, например «25.12–27.12», \
        «25.12 15:00 – 27.12 11:00» или «завтра на 2 ночи». Время — по Астане (UTC+5). \
        Каждые начатые сутки считаются за ночь.
        """
    }

    public static func bookingDatesError(_ problem: StayTimes.Problem) -> String {
        switch problem {
        case .unreadable:
            "Не понял даты. Напишите их так: «25.12–27.12» или «25.12 14:00 – 27.12 12:00»."
        case .invalidDate: "Такой даты нет в календаре. Напишите даты так: «25.12–27.12»."
        case .invalidTime: "Такого времени нет. Напишите время так: «14:00»."
        case .inPast: "Дата заезда уже прошла. Выберите сегодня или позже."
        case .checkInTimePassed: "Это время заезда сегодня уже прошло. Выберите время позже."
        case .checkOutNotAfterCheckIn: "Выезд должен быть позже заезда."
        case .tooShort: "Бронь — минимум на 1 ночь: дата выезда должна быть позже даты заезда."
        case .tooLong: "Можно забронировать от 1 до \(StayDates.maximumNights) ночей."
        case .tooFarAhead: tooFarAhead
        }
    }

    public static func bookingDatesError(_ problem: HoldOutcome.DateProblem?) -> String {
        switch problem {
        case .checkInInPast: bookingDatesError(StayTimes.Problem.checkInTimePassed)
        case .checkOutNotAfterCheckIn: bookingDatesError(StayTimes.Problem.checkOutNotAfterCheckIn)
        case .tooShort: bookingDatesError(StayTimes.Problem.tooShort)
        case .tooLong: bookingDatesError(StayTimes.Problem.tooLong)
        case nil: "Эти даты не подходят. Выберите другие."
        }
    }

    public static func bookingSummary(_ card: ApartmentCard, times: StayTimes) -> String {
        """
        Проверьте бронь:
        \(apartmentLine(card))
        Заезд: \(times.checkIn.shortText) \(times.checkInTime)
        Выезд: \(times.checkOut.shortText) \(times.checkOutTime)
        \(cost(pricePerNightTiyn: card.pricePerNightTiyn, nights: times.nights))

        Время — по Астане (UTC+5). После подтверждения даты удерживаются за вами на время оплаты.
        """
    }

    public static let confirm = "Подтвердить"
    public static let changeDates = "Изменить даты"
    public static let apartmentTaken = "К сожалению, квартира уже занята на эти даты."
    public static let apartmentGone = "К сожалению, эта квартира сейчас недоступна для бронирования."
    public static let otherApartments = "Другие квартиры"
    public static let alreadyHeld = "Бронь уже оформлена — оплатите её по сообщению ниже."

    // MARK: Payment

    public static let payByPhone = "Счёт Kaspi на телефон"
    public static let paymentLinkButton = "Ссылка на оплату"
    public static let cancelHold = "Отменить бронь"

    public static func paymentMessage(_ booking: BookingSummary, card: ApartmentCard?, now: Date) -> String {
        let apartment = card.map { apartmentLine($0) + "\n" } ?? ""
        let hold = booking.holdExpiresAt.map { "\n" + holdLeft(until: $0, now: now) + " Если не оплатить, даты освободятся." }
            ?? ""
        return """
            Бронь №\(booking.number) оформлена — осталось оплатить.
            \(apartment)Заезд: \(dateTime(booking.checkIn)) · Выезд: \(dateTime(booking.checkOut))
            К оплате: \(cost(pricePerNightTiyn: booking.pricePerNightTiyn, nights: booking.nights))

            Оплата по номеру счёта: в приложении Kaspi.kz откройте «Платежи», найдите «ЖильеGO», \
            введите номер счёта \(booking.number) и оплатите \(money(tiyn: booking.totalTiyn)).
            Или выберите способ ниже: счёт на ваш телефон в Kaspi или ссылка на оплату.
            \(hold)
            """
    }

    public static let askPhone = """
        Чтобы выставить счёт в Kaspi, поделитесь номером телефона, к которому привязан Kaspi: нажмите кнопку \
        «📱 Отправить мой номер» ниже.
        """
    public static let sharePhoneButton = "📱 Отправить мой номер"
    public static let cancel = "Отмена"
    public static let notOwnContact = """
        Пожалуйста, отправьте свой номер кнопкой «📱 Отправить мой номер» — чужие контакты не подходят.
        """
    public static let phoneHint = "Нажмите кнопку «📱 Отправить мой номер» ниже или «Отмена»."
    public static let phoneCancelled = "Хорошо, счёт на телефон не выставляю. Бронь ждёт оплаты до конца времени удержания."

    public static func invoiceSent(amountTiyn: Int64, phone: String) -> String {
        """
        Счёт на \(money(tiyn: amountTiyn)) отправлен в Kaspi на номер \(escape(phone)). Откройте Kaspi.kz → \
        «Уведомления» и оплатите его. Как только оплата пройдёт, я пришлю адрес и коды доступа.
        """
    }

    public static func paymentLink(url: String, amountTiyn: Int64?) -> String {
        let amount = amountTiyn.map { " " + money(tiyn: $0) } ?? ""
        return """
            Ссылка для оплаты\(amount) в Kaspi:
            \(escape(url))
            Как только оплата пройдёт, я пришлю адрес и коды доступа.
            """
    }

    public static let invalidPhone = """
        Этот номер не подходит для Kaspi: нужен казахстанский мобильный номер. Оплатите по номеру счёта или по ссылке.
        """
    public static func kaspiError(account: String) -> String {
        "Kaspi сейчас не отвечает. Попробуйте ещё раз через минуту или оплатите по номеру счёта \(account)."
    }
    public static let notPayable = """
        Эту бронь уже нельзя оплатить: она оплачена, отменена или время удержания истекло. \
        Загляните в «Статус текущей брони».
        """

    // MARK: Cabinet

    public static let details = "Детали"
    public static let cancelBooking = "Отменить"
    public static let toCurrent = "« К активным броням"
    public static let bookingNotFound = "Бронь не найдена. Откройте «Статус текущей брони» или «Мои бронирования»."
    public static let detailsAfterPayment = "Адрес и коды доступа появятся сразу после оплаты брони."
    public static let detailsRefused = """
        Не получилось показать детали этой брони. Если это ваша оплаченная бронь, попробуйте ещё раз через минуту \
        или напишите риелтору.
        """

    public static func statusName(_ status: BookingStatus) -> String {
        switch status {
        case .held: "Ожидает оплаты"
        case .paid: "Забронировано"
        case .checkedIn: "Проживание идёт"
        case .completed: "Завершена"
        case .expired: "Не оплачена вовремя"
        case .cancelled: "Отменена"
        case .noShow: "Гость не заехал"
        }
    }

    /// One active booking in «Статус текущей брони».
    public static func currentBooking(_ booking: BookingSummary, card: ApartmentCard?, now: Date) -> String {
        var lines = ["Бронь №\(booking.number) · \(statusName(booking.status))"]
        if let card { lines.append(apartmentLine(card)) }
        lines.append("Заезд: \(dateTime(booking.checkIn)) · Выезд: \(dateTime(booking.checkOut)) (\(nights(booking.nights)))")
        if booking.status == .held {
            lines.append("К оплате: \(money(tiyn: booking.totalTiyn)) · номер счёта Kaspi: \(booking.number)")
            if let deadline = booking.holdExpiresAt { lines.append(holdLeft(until: deadline, now: now)) }
        } else {
            lines.append("Оплачено: \(money(tiyn: booking.totalTiyn))")
        }
        return lines.joined(separator: "\n")
    }

    public static func accessDetails(_ details: ApartmentAccessDetails, booking: BookingSummary) -> String {
        var lines = ["Бронь №\(booking.number) — как заселиться", "Адрес: \(escape(details.address))"]
        if !details.entrance.isEmpty { lines.append("Подъезд: \(escape(details.entrance))") }
        let floor = details.floor.map { "этаж \($0)" }
        let flat = details.apartmentNumber.isEmpty ? nil : "квартира \(escape(details.apartmentNumber))"
        let place = [floor, flat].compactMap { $0 }.joined(separator: ", ")
        if !place.isEmpty { lines.append("Этаж/квартира: \(place)") }
        if let code = details.intercomCode { lines.append("Код домофона: \(escape(code))") }
        if let code = details.safeCode { lines.append("Код сейфа: \(escape(code))") }
        lines.append("Телефон риелтора: \(escape(details.realtorPhone))")
        lines.append("Заезд: \(dateTime(booking.checkIn)) · Выезд: \(dateTime(booking.checkOut))")
        return lines.joined(separator: "\n")
    }

    /// PRODUCT.md's default refund tiers: ≥ 72 h before check-in 100 %, 24–72 h 50 %, less nothing. Used when
    /// booking does not say which tiers it applies.
    public static let defaultRefundTiers = [RefundTier(hoursBefore: 72, percent: 100),
                                            RefundTier(hoursBefore: 24, percent: 50),
                                            RefundTier(hoursBefore: 0, percent: 0)]

    /// «за 72 ч и раньше до заезда — 100 %, за 24–72 ч — 50 %, позже — без возврата».
    public static func refundRule(_ tiers: [RefundTier]) -> String {
        let sorted = tiers.sorted { $0.hoursBefore > $1.hoursBefore }
        func amount(_ percent: Int) -> String { percent > 0 ? "\(percent) %" : "без возврата" }
        var parts: [String] = []
        for (index, tier) in sorted.enumerated() {
            if index == 0 {
                parts.append(tier.hoursBefore > 0 ? "за \(tier.hoursBefore) ч и раньше до заезда — \(amount(tier.percent))"
                                                  : "до заезда — \(amount(tier.percent))")
            } else if tier.hoursBefore > 0 {
                parts.append("за \(tier.hoursBefore)–\(sorted[index - 1].hoursBefore) ч — \(amount(tier.percent))")
            } else {
                parts.append("позже — \(amount(tier.percent))")
            }
        }
        // Booking refuses to cancel when no tier covers the time left.
        if let last = sorted.last, last.hoursBefore > 0 { parts.append("позже отменить нельзя") }
        return parts.joined(separator: ", ")
    }

    public static func cancelQuestion(_ booking: BookingSummary, tiers: [RefundTier]? = nil, now: Date) -> String {
        let head = "Отменить бронь №\(booking.number) (\(stayDates(booking)))?"
        guard booking.status != .held else { return head + "\nБронь ещё не оплачена — отмена бесплатна." }
        let tiers = tiers.flatMap { $0.isEmpty ? nil : $0 } ?? defaultRefundTiers
        let percent = tiers.refundPercent(timeLeft: booking.checkIn.timeIntervalSince(now)) ?? 0
        let refund = booking.totalTiyn * Int64(percent) / 100
        let rule = "Правила: \(refundRule(tiers))."
        let result = percent > 0 ? "Вернём \(percent) % — \(money(tiyn: refund))." : "Деньги не вернутся."
        return "\(head)\n\(result)\n\(rule)"
    }

    public static let cancelYes = "Да, отменить"
    public static let cancelNo = "Нет, оставить"

    public static func cancelled(_ outcome: CancelOutcome) -> String {
        guard let booking = outcome.booking else { return "Бронь отменена." }
        let head = "Бронь №\(booking.number) (\(stayDates(booking))) отменена, даты освобождены."
        guard booking.paidAt != nil else { return head }
        let refund = booking.refundTiyn ?? 0
        if refund > 0 {
            let percent = outcome.refundPercent.map { " (\($0) %)" } ?? ""
            return "\(head)\nВозврат: \(money(tiyn: refund))\(percent) — деньги вернутся через Kaspi."
        }
        return "\(head)\nПо правилам отмены возврата нет: до заезда оставалось меньше 24 часов."
    }

    public static let tooManyHolds = """
        У вас уже есть неоплаченные брони, больше пока нельзя. Оплатите или отмените одну из них \
        в «Статус текущей брони» — или дождитесь, пока истечёт время на оплату.
        """
    public static let notCancellable = "Эту бронь уже нельзя отменить: проживание началось или бронь завершена."
    public static let alreadyCancelled = "Эта бронь уже отменена."
    public static let expiredNothingToCancel = "Время на оплату этой брони истекло — отменять нечего, даты уже свободны."

    /// Why a booking in `status` cannot be cancelled (any other status: the stay began or is over).
    public static func notCancellable(_ status: BookingStatus?) -> String {
        switch status {
        case .cancelled: alreadyCancelled
        case .expired: expiredNothingToCancel
        default: notCancellable
        }
    }

    // MARK: History

    public static let historyEmpty = """
        История пуста: здесь появятся завершённые и отменённые брони. Найдите квартиру через «Поиск квартир».
        """
    public static let previousPage = "‹ Назад"
    public static let nextPage = "Вперёд ›"

    public static func historyEntry(_ booking: BookingSummary, card: ApartmentCard?) -> String {
        var lines = ["№\(booking.number) · \(statusName(booking.status))"]
        if let card { lines.append("\(escape(card.cityName)), \(escape(card.districtName))") }
        var money = "\(stayDates(booking)) · \(nights(booking.nights)) · \(self.money(tiyn: booking.totalTiyn))"
        if let refund = booking.refundTiyn, refund > 0 { money += " · возврат \(self.money(tiyn: refund))" }
        lines.append(money)
        return lines.joined(separator: "\n")
    }

    /// «стр. 2 из 5»
    public static func page(_ page: Int, of pages: Int) -> String { "стр. \(page) из \(pages)" }

    public static func historyPage(_ entries: [String], page: Int, pages: Int) -> String {
        "\(historyTitle)\(self.page(page, of: pages))):\n\n" + entries.joined(separator: "\n\n")
    }
}

extension Texts {
    public static let notCancellableDetails = "Эта бронь уже не активна: детали доступны только для оплаченных броней."
    /// History messages start with this (pagination edits such a message in place).
    public static let historyTitle = "Мои бронирования ("
}
