import Testing
@testable import Gateway

@Suite struct StayDatesTests {
    let today = LocalDate(year: 2026, month: 11, day: 25)

    @Test func parsesDayMonthRangeWithEnDash() throws {
        let dates = try StayDates.parse("25.12–27.12", today: today).get()
        #expect(dates == StayDates(checkIn: LocalDate(year: 2026, month: 12, day: 25),
                                   checkOut: LocalDate(year: 2026, month: 12, day: 27)))
        #expect(dates.nights == 2)
    }

    @Test func parsesHyphenSpacesAndYears() throws {
        let dates = try StayDates.parse(" 26.11.2026 - 28.11.26 ", today: today).get()
        #expect(dates.nights == 2)
    }

    @Test func rollsEarlyMonthsIntoNextYear() throws {
        let dates = try StayDates.parse("05.01–07.01", today: today).get()
        #expect(dates.checkIn == LocalDate(year: 2027, month: 1, day: 5))
    }

    @Test func spansNewYear() throws {
        let dates = try StayDates.parse("30.12–02.01", today: today).get()
        #expect(dates.checkOut == LocalDate(year: 2027, month: 1, day: 2))
        #expect(dates.nights == 3)
    }

    @Test func refusesPastDates() {
        #expect(StayDates.parse("20.11–22.11", today: today) == .failure(.inPast))
        #expect(StayDates.parse("20.11.2025–22.11.2025", today: today) == .failure(.inPast))
    }

    @Test func refusesCheckOutNotAfterCheckIn() {
        #expect(StayDates.parse("27.12–27.12", today: today) == .failure(.checkOutNotAfterCheckIn))
    }

    @Test func refusesMoreThanThirtyNights() {
        #expect(StayDates.parse("01.12–05.01", today: today) == .failure(.tooLong))
    }

    @Test func readsWhatTheBookingStepReads() throws {
        // The search's dates step and the booking's read the same forms (StayTimes.parse); times are dropped.
        #expect(try StayDates.parse("завтра", today: today).get() == StayDates(checkIn: today.adding(days: 1),
                                                                               checkOut: today.adding(days: 2)))
        #expect(try StayDates.parse("сегодня на 2 ночи", today: today).get().nights == 2)
        #expect(try StayDates.parse("25.12 14:00–27.12 12:00", today: today).get().nights == 2)
        #expect(try StayDates.parse("с 25 по 27 декабря", today: today).get().nights == 2)
    }

    @Test func refusesGarbageAndImpossibleDates() {
        #expect(StayDates.parse("когда-нибудь", today: today) == .failure(.unreadable))
        #expect(StayDates.parse("31.02–02.03", today: today) == .failure(.invalidDate))
    }

    @Test func formatsMoneyWithThinGroups() {
        #expect(Texts.money(tiyn: 1_500_000) == "15 000 ₸")
        #expect(Texts.rating(average: 4.8, count: 23) == "★ 4.8 · 23 отзыва")
        #expect(Texts.rating(average: nil, count: 0) == "Нет отзывов")
    }
}
