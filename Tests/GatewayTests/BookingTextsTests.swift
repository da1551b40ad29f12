import Contracts
import Foundation
@testable import Gateway
import Presentation
import Testing

/// Booking and cabinet texts and their callback data, without any service.
@Suite struct BookingTextsTests {
    let now = LocalDate(year: 2026, month: 11, day: 25).instant(at: LocalTime(hour: 14, minute: 20)) ?? Date()

    func booking(status: BookingStatus = .held, checkInHoursAhead: Double = 100) -> BookingSummary {
        let checkIn = now.addingTimeInterval(checkInHoursAhead * 3600)
        return BookingSummary(bookingId: UUID(), number: "100234", apartmentId: UUID(), realtorId: 1, guestId: 2,
                              guestChatId: 2, checkIn: checkIn, checkOut: checkIn.addingTimeInterval(2 * 86_400 - 7200),
                              nights: 2, pricePerNightTiyn: 1_500_000, totalTiyn: 3_000_000, status: status,
                              holdExpiresAt: status == .held ? now.addingTimeInterval(15 * 60) : nil,
                              paidAt: status == .held ? nil : now, cancelledAt: nil, refundTiyn: nil, createdAt: now)
    }

    @Test func costReadsPriceTimesNights() {
        #expect(Texts.cost(pricePerNightTiyn: 1_500_000, nights: 2) == "15 000 ₸ × 2 ночи = 30 000 ₸")
        #expect(Texts.cost(pricePerNightTiyn: 1_250_050, nights: 1) == "12 500,50 ₸ × 1 ночь = 12 500,50 ₸")
        #expect(Texts.cost(pricePerNightTiyn: 900_000, nights: 5) == "9 000 ₸ × 5 ночей = 45 000 ₸")
    }

    @Test func holdShowsLocalDeadlineAndMinutesLeft() {
        #expect(Texts.holdLeft(until: now.addingTimeInterval(15 * 60), now: now) == "Бронь удерживается до 14:35 (15 мин).")
        #expect(Texts.holdLeft(until: now.addingTimeInterval(61), now: now) == "Бронь удерживается до 14:21 (1 мин).")
    }

    @Test func minutesLeftRoundToTheNearestMinute() {
        // The payment message is composed a moment after booking placed the 15-minute hold: still «15 мин».
        #expect(Texts.minutesLeft(until: now.addingTimeInterval(15 * 60 + 2), now: now) == 15)
        #expect(Texts.minutesLeft(until: now.addingTimeInterval(15 * 60 - 2), now: now) == 15)
        #expect(Texts.minutesLeft(until: now.addingTimeInterval(20), now: now) == 1)
        #expect(Texts.minutesLeft(until: now.addingTimeInterval(-5), now: now) == 0)
    }

    @Test func paymentMessageNamesAccountAmountAndDeadline() {
        let text = Texts.paymentMessage(booking(), card: nil, now: now)
        #expect(text.contains("Бронь №100234"))
        #expect(text.contains("номер счёта 100234"))
        #expect(text.contains("К оплате: 15 000 ₸ × 2 ночи = 30 000 ₸"))
        #expect(text.contains("Бронь удерживается до 14:35 (15 мин)."))
    }

    @Test func cancelQuestionQuotesTheDefaultRefundTiers() {
        #expect(Texts.cancelQuestion(booking(), now: now).contains("отмена бесплатна"))
        #expect(Texts.cancelQuestion(booking(status: .paid, checkInHoursAhead: 100), now: now)
            .contains("Вернём 100 % — 30 000 ₸."))
        #expect(Texts.cancelQuestion(booking(status: .paid, checkInHoursAhead: 30), now: now)
            .contains("Вернём 50 % — 15 000 ₸."))
        #expect(Texts.cancelQuestion(booking(status: .paid, checkInHoursAhead: 5), now: now).contains("Деньги не вернутся."))
    }

    @Test func cancelQuestionQuotesTheTiersBookingApplies() {
        #expect(Texts.refundRule(Texts.defaultRefundTiers)
            == "за 72 ч и раньше до заезда — 100 %, за 24–72 ч — 50 %, позже — без возврата")
        let custom = [RefundTier(hoursBefore: 0, percent: 20), RefundTier(hoursBefore: 48, percent: 90)]
        let question = Texts.cancelQuestion(booking(status: .paid, checkInHoursAhead: 30), tiers: custom, now: now)
        #expect(question.contains("Вернём 20 % — 6 000 ₸."), "\(question)")
        #expect(question.hasSuffix("Правила: за 48 ч и раньше до заезда — 90 %, позже — 20 %."), "\(question)")
        #expect(Texts.cancelQuestion(booking(status: .paid, checkInHoursAhead: 50), tiers: custom, now: now)
            .contains("Вернём 90 % — 27 000 ₸."))
        let noLastTier = [RefundTier(hoursBefore: 24, percent: 50)]
        #expect(Texts.refundRule(noLastTier) == "за 24 ч и раньше до заезда — 50 %, позже отменить нельзя")
        // An older booking that sends no tiers: the defaults.
        #expect(Texts.cancelQuestion(booking(status: .paid, checkInHoursAhead: 30), tiers: nil, now: now)
            .contains("Вернём 50 % — 15 000 ₸."))
    }

    @Test func cancelledPaidBookingShowsTheRefund() {
        var paid = booking(status: .cancelled)
        paid.refundTiyn = 1_500_000
        #expect(Texts.cancelled(CancelOutcome(result: .cancelled, booking: paid, refundPercent: 50))
            .contains("Возврат: 15 000 ₸ (50 %)"))
    }

    @Test func bookingCallbackDataRoundTripsWithinSixtyFourBytes() {
        let id = UUID()
        let all: [CallbackData] = [
            .bookKeepDates, .bookQuickDates(startOffset: 1, nights: 2), .bookEditDates, .bookConfirm, .bookBackToCard,
            .bookOtherApartments, .payInvoice(id), .payLink(id), .currentBookings, .details(id), .history(page: 12),
            .cancelAsk(id), .cancelConfirm(id),
        ]
        for data in all {
            #expect(data.packed.utf8.count <= CallbackData.maximumBytes)
            #expect(CallbackData(packed: data.packed) == data, "\(data.packed)")
        }
    }

    @Test func fixedCabinetFormatsParseAlsoWithUpperCaseIds() {
        let id = UUID()
        #expect(CallbackData(packed: "c:cur") == .currentBookings)
        #expect(CallbackData(packed: "c:det:\(id.uuidString)") == .details(id))
        #expect(CallbackData(packed: "c:hist:3") == .history(page: 3))
        #expect(CallbackData(packed: "c:hist:0") == nil)
        // A forged page so large that (page - 1) × page size would overflow: refused like any malformed button.
        #expect(CallbackData(packed: "c:hist:9223372036854775807") == nil)
        #expect(CallbackData(packed: "c:hist:100001") == nil)
        #expect(CallbackData(packed: "c:hist:100000") == .history(page: 100_000))
        #expect(CallbackData(packed: "c:det:not-a-uuid") == nil)
        #expect(CallbackData(packed: "p:inv:\(id.uuidString)") == .payInvoice(id))
    }
}
