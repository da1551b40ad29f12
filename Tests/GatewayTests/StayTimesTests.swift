import Foundation
import Testing
@testable import Gateway

/// Parsing and validating a booking's check-in/check-out (dates and times, UTC+5) without any service.
@Suite struct StayTimesTests {
    /// 25.11.2026 10:00 in Astana.
    let now = LocalDate(year: 2026, month: 11, day: 25).instant(at: LocalTime(hour: 10)) ?? Date()

    func day(_ day: Int, _ month: Int, _ year: Int = 2026) -> LocalDate { LocalDate(year: year, month: month, day: day) }

    @Test func dateRangeGetsDefaultTimes() throws {
        let times = try StayTimes.parse("25.12–27.12", now: now).get()
        #expect(times == StayTimes(checkIn: day(25, 12), checkInTime: LocalTime(hour: 14), checkOut: day(27, 12),
                                   checkOutTime: LocalTime(hour: 12)))
        #expect(times.nights == 2)
        // (Without the year while 2026 is the current year; with it afterwards — see datesOutsideTheCurrentYearShowTheirYear.)
        #expect(times.text == "\(day(25, 12).shortText) 14:00 → \(day(27, 12).shortText) 12:00")
        #expect(day(25, 12).shortText.hasPrefix("25.12"))
    }

    @Test func datesWithTimesAreInstantsInUTCPlusFive() throws {
        let times = try StayTimes.parse("25.12 15:30 – 27.12 11:00", now: now).get()
        #expect(times.checkInTime == LocalTime(hour: 15, minute: 30))
        #expect(times.checkOutTime == LocalTime(hour: 11))
        let utc = ISO8601DateFormatter()
        #expect(utc.string(from: times.checkInInstant) == "2026-12-25T10:30:00Z")
        #expect(utc.string(from: times.checkOutInstant) == "2026-12-27T06:00:00Z")
    }

    @Test func acceptsFullYearsHyphensWordsAndHourOnlyTimes() throws {
        #expect(try StayTimes.parse("25.12.2026-27.12.2026", now: now).get().nights == 2)
        #expect(try StayTimes.parse("с 25.12 по 27.12", now: now).get().nights == 2)
        #expect(try StayTimes.parse("25/12 в 16 - 26/12 в 10", now: now).get().checkInTime == LocalTime(hour: 16))
        #expect(try StayTimes.parse("25.12 14.00 — 26.12 12.00", now: now).get().nights == 1)
    }

    @Test func relativeWordsCountFromToday() throws {
        let tomorrow = try StayTimes.parse("завтра", now: now).get()
        #expect(tomorrow.checkIn == day(26, 11))
        #expect(tomorrow.checkOut == day(27, 11))
        #expect(try StayTimes.parse("Сегодня на 3 ночи", now: now).get().checkOut == day(28, 11))
        #expect(try StayTimes.parse("на 2 ночи", now: now).get().checkIn == day(25, 11))
        let mixed = try StayTimes.parse("завтра 18:00 - послезавтра 10:00", now: now).get()
        #expect(mixed.checkIn == day(26, 11) && mixed.checkInTime == LocalTime(hour: 18))
        #expect(mixed.checkOut == day(27, 11) && mixed.checkOutTime == LocalTime(hour: 10))
    }

    @Test func yearlessDatesRollIntoNextYear() throws {
        let times = try StayTimes.parse("28.12–03.01", now: now).get()
        #expect(times.checkOut == day(3, 1, 2027))
        #expect(times.nights == 6)
        #expect(try StayTimes.parse("05.01–07.01", now: now).get().checkIn == day(5, 1, 2027))
    }

    @Test func refusesWhatCannotBeBooked() {
        #expect(StayTimes.parse("когда-нибудь", now: now) == .failure(.unreadable))
        #expect(StayTimes.parse("31.11–02.12", now: now) == .failure(.invalidDate))
        #expect(StayTimes.parse("25.12 25:00 – 27.12", now: now) == .failure(.invalidTime))
        #expect(StayTimes.parse("20.11.2026–27.11.2026", now: now) == .failure(.inPast))
        #expect(StayTimes.parse("25.11 09:00 – 26.11 12:00", now: now) == .failure(.checkInTimePassed))
        #expect(StayTimes.parse("27.12–25.12.2026", now: now) == .failure(.checkOutNotAfterCheckIn))
        #expect(StayTimes.parse("25.12 10:00 – 25.12 20:00", now: now) == .failure(.tooShort))
        #expect(StayTimes.parse("01.12–05.01", now: now) == .failure(.tooLong))
        #expect(StayTimes.parse("01.12–31.12", now: now).map(\.nights) == .success(30))
    }

    @Test func readsMonthNamesSingleDatesAndADayBeforeItsMonth() throws {
        func dates(_ text: String) throws -> (LocalDate, LocalDate) {
            let times = try StayTimes.parse(text, now: now).get()
            return (times.checkIn, times.checkOut)
        }
        #expect(try dates("15 декабря – 17 декабря") == (day(15, 12), day(17, 12)))
        #expect(try dates("15 дек - 17 дек.") == (day(15, 12), day(17, 12)))
        #expect(try dates("с 10 по 12 января") == (day(10, 1, 2027), day(12, 1, 2027)))
        #expect(try dates("10–12.01") == (day(10, 1, 2027), day(12, 1, 2027)))
        #expect(try dates("30 мая 2027 – 2 июня 2027") == (day(30, 5, 2027), day(2, 6, 2027)))
        #expect(try dates("28 декабря 14:00 – 3 января 11:00") == (day(28, 12), day(3, 1, 2027)))
        // One date: one night from it.
        #expect(try dates("15.12") == (day(15, 12), day(16, 12)))
        let afterTomorrow = try StayTimes.parse("послезавтра в 15:00", now: now).get()
        #expect(afterTomorrow.checkIn == day(27, 11) && afterTomorrow.checkInTime == LocalTime(hour: 15)
            && afterTomorrow.checkOut == day(28, 11) && afterTomorrow.nights == 1)
        #expect(StayTimes.parse("15 смарта", now: now) == .failure(.unreadable))
        #expect(StayTimes.parse("завтра на 0 ночей", now: now) == .failure(.tooShort))
    }

    @Test func refusesStaysMoreThanAYearAheadAndImpossibleYears() {
        #expect(StayTimes.parse("25.12.2027–27.12.2027", now: now) == .failure(.tooFarAhead))
        #expect(StayTimes.parse("25.12.100000–27.12.100000", now: now) == .failure(.unreadable))
        #expect((try? StayTimes.parse("20.11.2027–22.11.2027", now: now).get()) != nil)  // 360 days ahead
        #expect(StayDates.parse("25.12.2027–27.12.2027", today: day(25, 11)) == .failure(.tooFarAhead))
        #expect(StayDates.parse("25.12.100000–27.12.100000", today: day(25, 11)) == .failure(.unreadable))
    }

    @Test func everyStartedDayCountsAsANight() throws {
        // The price follows the time blocked: 00:00 → 23:59 the next day is two days, so two nights.
        #expect(try StayTimes.parse("10.01 00:00 – 11.01 23:59", now: now).get().nights == 2)
        #expect(try StayTimes.parse("25.12 14:00 – 27.12 12:00", now: now).get().nights == 2)
        #expect(try StayTimes.parse("25.12 14:00 – 27.12 15:00", now: now).get().nights == 3)
        #expect(try StayTimes.parse("25.12 23:00 – 26.12 01:00", now: now).get().nights == 1)
        #expect(StayTimes.parse("01.12 14:00 – 31.12 15:00", now: now) == .failure(.tooLong))
    }

    @Test func datesOutsideTheCurrentYearShowTheirYear() {
        let thisYear = LocalDate.today(now: Date()).year
        #expect(LocalDate(year: thisYear, month: 12, day: 25).shortText == "25.12")
        #expect(LocalDate(year: thisYear + 1, month: 1, day: 5).shortText == "05.01.\(thisYear + 1)")
        let times = StayTimes(checkIn: day(25, 12, thisYear + 1), checkInTime: LocalTime(hour: 14),
                              checkOut: day(27, 12, thisYear + 1), checkOutTime: LocalTime(hour: 12))
        #expect(times.text == "25.12.\(thisYear + 1) 14:00 → 27.12.\(thisYear + 1) 12:00")
    }

    @Test func checkInTodayAfterTwoPMDefaultsToTheNextFullHour() throws {
        let evening = LocalDate(year: 2026, month: 11, day: 25).instant(at: LocalTime(hour: 17, minute: 20)) ?? Date()
        let times = StayTimes.withDefaultTimes(.default(today: day(25, 11)), now: evening)
        #expect(times.checkInTime == LocalTime(hour: 18))
        #expect(times.checkOutTime == LocalTime(hour: 12))
        #expect(try StayTimes.parse("сегодня", now: evening).get().checkInTime == LocalTime(hour: 18))
        // Another day keeps 14:00.
        #expect(try StayTimes.parse("завтра", now: evening).get().checkInTime == LocalTime(hour: 14))
        let late = LocalDate(year: 2026, month: 11, day: 25).instant(at: LocalTime(hour: 23, minute: 30)) ?? Date()
        #expect(StayTimes.defaultCheckInTime(on: day(25, 11), now: late) == LocalTime(hour: 23, minute: 59))
    }
}
