import Contracts
import Foundation
import Presentation
import Testing

/// One way to show money, dates and outside text, for the bot and the notifier alike.
@Suite struct FormattingTests {
    @Test(arguments: [
        (Int64(1_500_000), "15 000 ₸"), (12_345_678_900, "123 456 789 ₸"), (50, "0,50 ₸"), (100_005, "1 000,05 ₸"),
        (0, "0 ₸"), (-150_000, "−1 500 ₸"), (-1_500_050, "−15 000,50 ₸"), (-5, "−0,05 ₸"),
    ])
    func writesMoneyInGroupsOfThreeWithKopecksOnlyWhenPresent(tiyn: Int64, text: String) {
        #expect(Formatting.money(tiyn) == text)
    }

    @Test func escapesOutsideTextForTelegramHTML() {
        #expect(Formatting.html(#"<b>"A & B"</b>"#) == "&lt;b&gt;&quot;A &amp; B&quot;&lt;/b&gt;")
        #expect(Formatting.html("Алматы, «Самал-2»") == "Алматы, «Самал-2»")
    }

    @Test func showsTheYearOnlyOutsideTheCurrentYear() throws {
        #expect(Formatting.dayMonth(day: 5, month: 1, year: 2027, currentYear: 2027) == "05.01")
        #expect(Formatting.dayMonth(day: 5, month: 1, year: 2028, currentYear: 2027) == "05.01.2028")
        let calendar = Formatting.calendar
        let now = try #require(calendar.date(from: DateComponents(year: 2027, month: 6, day: 1, hour: 12)))
        let christmas = try #require(calendar.date(from: DateComponents(year: 2027, month: 12, day: 25, hour: 14)))
        let newYear = try #require(calendar.date(from: DateComponents(year: 2028, month: 1, day: 2, hour: 9, minute: 5)))
        #expect(Formatting.dateTime(christmas, now: now) == "25.12 14:00")
        #expect(Formatting.dateTime(newYear, now: now) == "02.01.2028 09:05")
        // UTC+5: 20:30 UTC on 31 December is already the next day.
        let lateUTC = try #require(Calendar(identifier: .gregorian).date(from: DateComponents(
            timeZone: .gmt, year: 2027, month: 12, day: 31, hour: 20, minute: 30)))
        #expect(Formatting.dateTime(lateUTC, now: now) == "01.01.2028 01:30")
    }

    @Test func notificationButtonsCarryTheBotsCallbackData() {
        let id = UUID(uuidString: "6F1C2E0A-0000-4000-8000-00000000000A")!
        #expect(NotificationButton("Детали", .details(id)).callbackData == "c:det:6f1c2e0a-0000-4000-8000-00000000000a")
        #expect(NotificationButton("Отзывы", .reviews(apartmentId: id, page: 1)).callbackData
                    == "v:ls:6f1c2e0a-0000-4000-8000-00000000000a:1")
        #expect(NotificationButton("Главное меню", .menu).callbackData == "m:menu")
    }
}
