import Contracts
import Foundation
import Presentation

/// Every Russian text the notifier sends, in one place. Texts are Telegram HTML; values are escaped here.
enum Texts {
    // MARK: Buttons (the gateway's callback data)

    static let mainMenu = NotificationButton("Главное меню", .menu)
    static let currentBooking = NotificationButton("Статус текущей брони", .currentBookings)
    static let search = NotificationButton("Поиск квартир", .searchStart)

    static func details(_ bookingId: UUID) -> NotificationButton {
        NotificationButton("Детали", .details(bookingId))
    }

    /// The gateway's «leave a review» callback (fixed contract): `v:new:<booking uuid, lower-case>`.
    static func leaveReview(_ bookingId: UUID) -> NotificationButton {
        NotificationButton("⭐ Оставить отзыв", .reviewStart(bookingId))
    }

    /// The gateway's review list, first page (fixed contract): `v:ls:<apartment uuid, lower-case>:1`.
    static func reviews(_ apartmentId: UUID) -> NotificationButton {
        NotificationButton("Отзывы", .reviews(apartmentId: apartmentId, page: 1))
    }

    // MARK: Pieces

    /// «2-комн., Алмалинский, Алматы» (the public card: never the address).
    static func apartmentLabel(_ card: ApartmentCard) -> String {
        let rooms = card.rooms >= 4 ? "4+" : "\(card.rooms)"
        return [rooms + "-комн.", card.districtName, card.cityName].filter { !$0.isEmpty }.joined(separator: ", ")
    }

    static func dates(_ booking: BookingSummary) -> String {
        "\(Formatting.date(booking.checkIn)) — \(Formatting.date(booking.checkOut))"
    }

    static func number(_ booking: BookingSummary) -> String { "№\(Formatting.html(booking.number))" }

    static func stay(_ booking: BookingSummary) -> String {
        "\(Formatting.dateTime(booking.checkIn)) — \(Formatting.dateTime(booking.checkOut)) "
            + "(\(nights(booking.nights)))"
    }

    static func nights(_ count: Int) -> String {
        let lastTwo = count % 100
        let last = count % 10
        let word: String
        if (11...14).contains(lastTwo) { word = "ночей" } else if last == 1 { word = "ночь" }
        else if (2...4).contains(last) { word = "ночи" } else { word = "ночей" }
        return "\(count) \(word)"
    }

    // MARK: Guest

    static func bookingPaidGuest(_ booking: BookingSummary) -> String {
        """
        ✅ <b>Оплата получена. Бронь \(number(booking)) — Забронировано.</b>

        Даты: \(stay(booking))
        Оплачено: \(Formatting.money(booking.totalTiyn))
        """
    }

    /// Appended at send time; never stored.
    static func accessDetails(_ details: ApartmentAccessDetails) -> String {
        var lines = ["", "<b>Как попасть в квартиру</b>", "Адрес: \(Formatting.html(details.address))"]
        if !details.entrance.isEmpty { lines.append("Подъезд: \(Formatting.html(details.entrance))") }
        var place: [String] = []
        if let floor = details.floor { place.append("этаж \(floor)") }
        if !details.apartmentNumber.isEmpty { place.append("кв. \(Formatting.html(details.apartmentNumber))") }
        if !place.isEmpty { lines.append("Этаж/квартира: " + place.joined(separator: ", ")) }
        if let intercom = details.intercomCode {
            lines.append("Код домофона: <code>\(Formatting.html(intercom))</code>")
        }
        if let safe = details.safeCode { lines.append("Код сейфа: <code>\(Formatting.html(safe))</code>") }
        lines.append("Телефон риелтора: \(Formatting.html(details.realtorPhone))")
        return lines.joined(separator: "\n")
    }

    /// Appended to the payment confirmation when the access details cannot be revealed at that moment.
    static func accessDetailsFollow(realtorPhone: String?) -> String {
        var lines = ["", "🔑 Адрес и коды доступа пришлём следующим сообщением в ближайшие минуты. "
            + "Бронь уже подтверждена, ничего делать не нужно."]
        if let realtorPhone {
            lines.append("Телефон риелтора: \(Formatting.html(realtorPhone))")
        } else {
            lines.append("Телефон риелтора придёт вместе с адресом.")
        }
        return lines.joined(separator: "\n")
    }

    /// The follow-up that brings the details (they are appended at send time).
    static func accessDetailsFollowUp(bookingNumber: String) -> String {
        "🔑 <b>Данные для заселения по брони №\(Formatting.html(bookingNumber))</b>"
    }

    static func bookingExpiredGuest(_ booking: BookingSummary) -> String {
        """
        ⌛ Время на оплату брони \(number(booking)) истекло, бронь снята.
        Даты \(stay(booking)) снова свободны. Можно поискать другие варианты.
        """
    }

    static func bookingCancelledGuest(_ booking: BookingSummary, wasPaid: Bool, byHost: Bool = false) -> String {
        var text = byHost
            ? "❌ Бронь \(number(booking)) отменена со стороны риелтора — приносим извинения.\nДаты: \(stay(booking))"
            : "❌ Бронь \(number(booking)) отменена.\nДаты: \(stay(booking))"
        if wasPaid {
            if let refund = booking.refundTiyn, refund > 0 {
                text += "\n\nК возврату: \(Formatting.money(refund)). Деньги вернутся через Kaspi."
            } else {
                text += "\n\nПо условиям отмены возврат не предусмотрен."
            }
        }
        return text
    }

    static func noShowGuest(_ booking: BookingSummary) -> String {
        """
        🚪 Риелтор отметил, что вы не заселились по брони \(number(booking)) (\(dates(booking))).
        Если это ошибка, свяжитесь с риелтором по телефону из сообщения об оплате.
        """
    }

    static func refundCompletedGuest(amountTiyn: Int64, booking: BookingSummary?) -> String {
        let about = booking.map { " по брони \(number($0))" } ?? ""
        return "💸 Возврат\(about) выполнен: \(Formatting.money(amountTiyn)) отправлены на ваш Kaspi."
    }

    /// `reason` as in ``PaymentFailed``: money that arrived for a booking that could no longer take it goes back.
    static func paymentFailedGuest(_ booking: BookingSummary, amountTiyn: Int64, reason: String) -> String {
        switch reason {
        case "booking_expired", "booking_cancelled", "already_paid":
            return """
                ⚠️ Платёж \(Formatting.money(amountTiyn)) по брони \(number(booking)) не зачислен: \
                бронь больше не ожидает оплаты. Деньги вернутся через Kaspi.
                """
        default:
            return """
                ⚠️ Оплата \(Formatting.money(amountTiyn)) по брони \(number(booking)) не прошла.
                Если время на оплату ещё не истекло, попробуйте ещё раз.
                """
        }
    }

    static func holdEndingSoon(_ booking: BookingSummary) -> String {
        let until = booking.holdExpiresAt.map { " в \(Formatting.time($0))" } ?? ""
        return """
            ⏰ Бронь \(number(booking)) ждёт оплаты: она будет снята\(until).
            К оплате: \(Formatting.money(booking.totalTiyn))
            """
    }

    static func checkInDay(_ booking: BookingSummary) -> String {
        """
        🏠 Сегодня заезд по брони \(number(booking)).
        Заезд с \(Formatting.time(booking.checkIn)), выезд \(Formatting.dateTime(booking.checkOut)).
        Адрес и коды доступа — по кнопке «Детали».
        """
    }

    static func checkOutReminder(_ booking: BookingSummary) -> String {
        """
        🧳 Напоминаем: выезд по брони \(number(booking)) сегодня в \(Formatting.time(booking.checkOut)).
        Пожалуйста, закройте окна и оставьте ключи, как договорились с риелтором.
        """
    }

    static func reviewReminder(_ booking: BookingSummary, place: String?) -> String {
        let stay = place.map { "в квартире «\(Formatting.html($0))»" } ?? "по брони \(number(booking))"
        return """
            ⭐ Как прошло проживание \(stay)?
            Оцените, пожалуйста — это займёт минуту.
            Бронь \(number(booking)), \(dates(booking)).
            """
    }

    static func reviewNudge(_ booking: BookingSummary, place: String?) -> String {
        let about = place.map { "о квартире «\(Formatting.html($0))»" } ?? "о проживании"
        return """
            🙏 Если найдётся минутка, оставьте, пожалуйста, отзыв \(about) \
            (бронь \(number(booking)), \(dates(booking))).
            Даже одна оценка помогает другим гостям выбрать. Больше напоминать не будем.
            """
    }

    // MARK: Realtor

    static func reviewPublishedRealtor(rating: Int, place: String?) -> String {
        let stars = max(0, min(5, rating))
        var text = "<b>Новый отзыв ⭐ \(stars)/5</b> "
            + String(repeating: "★", count: stars) + String(repeating: "☆", count: 5 - stars)
        if let place { text += "\nКвартира: \(Formatting.html(place))" }
        text += "\nВсе отзывы о квартире — по кнопке «Отзывы»."
        return text
    }

    static func accessUnavailableRealtor(bookingNumber: String, minutes: Int) -> String {
        """
        ⚠️ Гость оплатил бронь №\(Formatting.html(bookingNumber)), но уже \(minutes) мин не может получить адрес \
        и коды: сервис временно недоступен. Гость видит ваш телефон — пожалуйста, будьте на связи. \
        Данные придут гостю автоматически, как только сервис восстановится.
        """
    }

    /// To the operators (superadmins): the same alert, with what to look at.
    static func accessUnavailableOperator(bookingNumber: String, minutes: Int) -> String {
        """
        🚨 Бронь №\(Formatting.html(bookingNumber)): гость ждёт адрес и коды уже \(minutes) мин. \
        Проверьте каталог (/readyz, ключи CODES_ENCRYPTION_KEYS) и журнал notifier.
        """
    }

    static func bookingPaidRealtor(_ booking: BookingSummary) -> String {
        """
        🆕 Новая оплаченная бронь \(number(booking)).
        Даты: \(stay(booking))
        Сумма: \(Formatting.money(booking.totalTiyn))
        """
    }

    static func bookingCancelledRealtor(_ booking: BookingSummary) -> String {
        "❌ Бронь \(number(booking)) отменена. Даты \(stay(booking)) снова свободны."
    }

    static func checkedInRealtor(_ booking: BookingSummary) -> String {
        "🔑 Гость заехал по брони \(number(booking)). Выезд \(Formatting.dateTime(booking.checkOut))."
    }

    static func completedRealtor(_ booking: BookingSummary) -> String {
        "🚪 Гость выехал по брони \(number(booking)). Проживание завершено."
    }
}
