import Contracts
import Foundation
import Presentation

/// Every text the bot shows, in Russian. One catalog per language; a Kazakh one would mirror this type.
public enum Texts {
    public static let greeting = "Привет! Я ЖильеGO — помогу быстро найти и забронировать квартиру на сутки."
    public static let menuSearch = "Поиск квартир"
    public static let menuBookings = "Мои бронирования"
    public static let menuStatus = "Статус текущей брони"
    public static let menuHelp = "Помощь"
    public static let menuItems = [[menuSearch, menuBookings], [menuStatus, menuHelp]]
    public static let menuShown = "Главное меню. Выберите, что сделать:"
    public static let noBookingsYet = "У вас пока нет бронирований — раздел пуст. Найдите квартиру через «Поиск квартир»."
    public static let noActiveBooking = "Сейчас у вас нет активной брони. Когда вы забронируете квартиру, её статус появится здесь."
    public static let help = """
        Я помогу найти квартиру на сутки в Астане, Алматы и Шымкенте.
        • «Поиск квартир» — выберите город, район, класс и число комнат, затем даты.
        • «Мои бронирования» и «Статус текущей брони» — ваши брони.
        • /menu — главное меню из любого места.
        """
    public static let staleButton = "Эта кнопка устарела. Вернёмся в меню."
    public static let useButtons = "Пожалуйста, выберите вариант кнопкой под сообщением выше, или откройте /menu."
    public static let unknownText = "Не понял вас. Выберите пункт меню ниже или откройте /menu."
    public static let temporaryFailure = "Что-то пошло не так. Попробуйте ещё раз через минуту."
    /// The only answer in a group, a supergroup or a channel (to /start): the bot works in private chats.
    public static let privateChatOnly = """
        Я работаю только в личном чате. Нажмите на моё имя, откройте чат со мной и отправьте /start.
        """

    public static let back = "« Назад"
    public static let any = "Любой"
    public static let chooseCity = "Выберите город:"
    public static func chooseDistrict(city: String) -> String { "Город: \(city).\nВыберите район:" }
    public static let chooseClass = "Выберите класс квартиры:"
    public static let chooseRooms = "Сколько комнат?"
    public static func datesButton(_ dates: StayDates) -> String { "Даты: \(dates.text) ✏️" }
    public static func option(_ name: String, count: Int) -> String { "\(name) · \(count)" }

    public static func className(_ value: String) -> String {
        switch ApartmentClass(rawValue: value) {
        case .comfort: "Комфорт"
        case .business: "Бизнес"
        case .premium: "Премиум"
        case nil: value
        }
    }

    public static func roomsName(_ rooms: Int) -> String { rooms >= 4 ? "4+" : "\(rooms)" }

    public static func chooseDates(_ dates: StayDates) -> String {
        "Сейчас: \(dates.text) (\(nights(dates.nights))). Выберите даты кнопкой или напишите их, например «25.12–27.12»."
    }
    public static let datesToday = "Сегодня → завтра"
    public static let datesTomorrow = "Завтра → послезавтра"
    public static let datesWeekend = "2 ночи с завтра"
    public static func datesError(_ error: StayDates.ParseError) -> String {
        switch error {
        case .unreadable: "Не понял даты. Напишите их так: «25.12–27.12»."
        case .invalidDate: "Такой даты нет в календаре. Напишите даты так: «25.12–27.12»."
        case .inPast: "Дата заезда уже прошла. Выберите сегодня или позже."
        case .checkOutNotAfterCheckIn: "Дата выезда должна быть позже даты заезда."
        case .tooLong: "Можно забронировать от 1 до \(StayDates.maximumNights) ночей."
        case .tooFarAhead: tooFarAhead
        }
    }

    public static let tooFarAhead = "Бронировать можно не дальше чем на год вперёд. Проверьте год в датах."

    public static func nights(_ count: Int) -> String { "\(count) \(plural(count, "ночь", "ночи", "ночей"))" }

    public static func reviews(_ count: Int) -> String { "\(count) \(plural(count, "отзыв", "отзыва", "отзывов"))" }

    static func plural(_ n: Int, _ one: String, _ few: String, _ many: String) -> String {
        let tens = n % 100, units = n % 10
        if (11...14).contains(tens) { return many }
        if units == 1 { return one }
        if (2...4).contains(units) { return few }
        return many
    }

    /// «15 000 ₸» from tiyn (``Formatting/money(_:)``, shared with the notifier).
    public static func money(tiyn: Int64) -> String { Formatting.money(tiyn) }

    public static func rating(average: Double?, count: Int) -> String {
        guard let average, count > 0 else { return "Нет отзывов" }
        return "★ \(String(format: "%.1f", average)) · \(reviews(count))"
    }

    public static func card(_ card: ApartmentCard, dates: StayDates, position: Int, count: Int) -> String {
        let sum = Int64(dates.nights) * card.pricePerNightTiyn
        return """
            <b>\(escape(card.cityName)), \(escape(card.districtName))</b>
            \(escape(String(card.description.prefix(600))))

            Район: \(escape(card.districtName))
            Класс: \(className(card.apartmentClass.rawValue)) · Комнат: \(roomsName(card.rooms))
            Цена за ночь: \(money(tiyn: card.pricePerNightTiyn))
            Итого за \(dates.text) (\(nights(dates.nights))): \(money(tiyn: sum))
            \(rating(average: card.ratingAverage, count: card.ratingCount))
            \(position) из \(count)
            """
    }

    public static let book = "Забронировать"
    public static let next = "Следующая"
    public static let changeFilters = "Изменить фильтры"
    public static let allShown = "Это все подходящие квартиры на эти даты. Попробуйте изменить фильтры или даты."
    public static let noResults = """
        На эти даты подходящих свободных квартир нет. Попробуйте другие даты, другой район или класс.
        """
    public static let otherDates = "Другие даты"
    public static let otherDistrict = "Другой район"
    public static let otherClass = "Другой класс"
    public static let searching = "Ищу подходящие квартиры…"

    /// Escapes text for parse_mode HTML (``Formatting/html(_:)``, shared with the notifier).
    public static func escape(_ text: String) -> String { Formatting.html(text) }
}
