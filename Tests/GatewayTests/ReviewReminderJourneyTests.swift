import Contracts
import Database
import Foundation
import Gateway
import Messaging
import Presentation
import TestSupport
import Testing

/// The review reminders through every service (PRODUCT.md scenario 5, issue 5): booking's clock completes a stay,
/// the notifier's clock jumps to check-out + 2 h and + 26 h, and the guest answers the notifier's «⭐ Оставить
/// отзыв» button in the bot. Exactly one reminder and one nudge; a review in between stops the nudge; the realtor
/// is told about the review and reads it from the alert's «Отзывы».
@Suite struct ReviewReminderJourneyTests {
    @Test func aFinishedStayGetsOneReminderAndOneNudgeAndTheReviewFromTheNudgeReachesCardAndRealtor() async throws {
        try await withPlatform { journey in
            let guest = ChatDriver(bot: journey.bot, userId: 5401)
            let (stay, apartmentId, before) = try await completedStay(journey, guest: guest)
            // The realtor has talked to the bot, so the sandbox has a chat to deliver the alert to.
            let realtor = ChatDriver(bot: journey.bot, userId: Int(stay.realtorId))
            _ = try await realtor.say("/start")

            let mark = try await guest.lastMessageId()
            try await journey.services.restart(.notifier, overrides: ["ZG_CLOCK_SHIFT": shift(until: stay.checkOut, plus: 2 * 3600 + 60)])
            let reminder = try await guest.firstMessage(after: mark, "the review reminder") {
                $0.text?.hasPrefix("⭐ Как прошло проживание") == true
            }
            #expect(reminder.text?.contains("Бронь №\(stay.number)") == true, "\(reminder.text ?? "")")
            #expect(reminder.buttons.map(\.data) == [CallbackData.reviewStart(stay.bookingId).packed])

            try await journey.services.restart(.notifier, overrides: ["ZG_CLOCK_SHIFT": shift(until: stay.checkOut, plus: 26 * 3600 + 60)])
            let nudge = try await guest.firstMessage(after: reminder.id, "the review nudge") {
                $0.text?.hasPrefix("🙏 Если найдётся минутка") == true
            }
            #expect(nudge.buttonTexts == [Texts.leaveReview])

            // A week later still nothing more: one reminder, one nudge, both sent.
            try await journey.services.restart(.notifier, overrides: ["ZG_CLOCK_SHIFT": shift(until: stay.checkOut, plus: 7 * 86400)])
            try await syncWithNotifier(journey, chat: 5401)
            let asks = try await guest.botMessages().filter { $0.buttons.contains { $0.text == Texts.leaveReview } }
            #expect(asks.map(\.id) == [reminder.id, nudge.id])
            #expect(try await reviewNotifications(journey, stay) == ["review_nudge:sent", "review_reminder:sent"])

            // The guest answers the nudge: 5 stars, a text, no photos.
            try await guest.press(Texts.leaveReview, on: nudge)
            let ratingStep = try await guest.firstMessage(after: nudge.id, "rating step") {
                $0.text?.contains("Шаг 1 из 3") == true
            }
            let textStep = try await guest.pressInPlace(Texts.ratingButton(5), on: ratingStep)
            #expect(textStep.text == Texts.reviewTextPrompt(rating: 5), "\(textStep.text ?? "")")
            let textId = try await guest.say("Всё как на фото, заселили быстро.")
            let photosStep = try await guest.firstMessage(after: textId, text: Texts.reviewPhotosPrompt)
            try await guest.press(Texts.publishWithoutPhotos, on: photosStep)
            _ = try await guest.firstMessage(after: photosStep.id, text: Texts.reviewPublished)

            let after = try await card(journey, apartmentId)
            #expect(after.ratingCount == before.ratingCount + 1)
            let sum = (before.ratingAverage ?? 0) * Double(before.ratingCount) + 5
            #expect(abs((after.ratingAverage ?? 0) - sum / Double(before.ratingCount + 1)) < 0.01)

            // The realtor's alert, and the review from its «Отзывы» button.
            let alert = try await realtor.firstMessage(after: 0, "the realtor's review alert") {
                $0.text?.hasPrefix("Новый отзыв ⭐ 5/5") == true
            }
            #expect(alert.buttons.map(\.data) == [CallbackData.reviews(apartmentId: apartmentId, page: 1).packed])
            let page = try await realtor.pressInPlaceOrNew(Texts.reviewsTitle, on: alert)
            #expect(page.text?.contains("\n1. ⭐⭐⭐⭐⭐ · Гость, ") == true, "\(page.text ?? "")")
            #expect(page.text?.contains("Всё как на фото, заселили быстро.") == true, "\(page.text ?? "")")
        }
    }

    @Test func aReviewAfterTheReminderStopsTheNudge() async throws {
        try await withPlatform { journey in
            let guest = ChatDriver(bot: journey.bot, userId: 5402)
            let (stay, apartmentId, before) = try await completedStay(journey, guest: guest)

            let mark = try await guest.lastMessageId()
            try await journey.services.restart(.notifier, overrides: ["ZG_CLOCK_SHIFT": shift(until: stay.checkOut, plus: 2 * 3600 + 60)])
            let reminder = try await guest.firstMessage(after: mark, "the review reminder") {
                $0.text?.hasPrefix("⭐ Как прошло проживание") == true
            }

            // The guest answers the reminder: 3 stars, no text, no photos.
            try await guest.press(Texts.leaveReview, on: reminder)
            let ratingStep = try await guest.firstMessage(after: reminder.id, "rating step") {
                $0.text?.contains("Шаг 1 из 3") == true
            }
            let textStep = try await guest.pressInPlace(Texts.ratingButton(3), on: ratingStep)
            let photosStep = try await guest.pressInPlace(Texts.skipText, on: textStep)
            #expect(photosStep.text == Texts.reviewPhotosPrompt)
            try await guest.press(Texts.publishWithoutPhotos, on: photosStep)
            _ = try await guest.firstMessage(after: photosStep.id, text: Texts.reviewPublished)
            #expect(try await card(journey, apartmentId).ratingCount == before.ratingCount + 1)

            // The published review dropped the queued nudge; past its time nothing comes.
            try await waitUntil("the nudge skipped") {
                try await reviewNotifications(journey, stay) == ["review_nudge:skipped", "review_reminder:sent"]
            }
            try await journey.services.restart(.notifier, overrides: ["ZG_CLOCK_SHIFT": shift(until: stay.checkOut, plus: 26 * 3600 + 60)])
            try await syncWithNotifier(journey, chat: 5402)
            let asks = try await guest.botMessages().filter { $0.buttons.contains { $0.text == Texts.leaveReview } }
            #expect(asks.map(\.id) == [reminder.id])
            #expect(try await reviewNotifications(journey, stay) == ["review_nudge:skipped", "review_reminder:sent"])
        }
    }
}

// MARK: Helpers

/// A paid stay of `guest` today → tomorrow on the first search result, completed by restarting booking two days
/// ahead; the apartment and its card before any review.
private func completedStay(_ journey: Journey, guest: ChatDriver) async throws
    -> (stay: BookingSummary, apartmentId: UUID, before: ApartmentCard)
{
    let found = try await firstCard(guest)
    let apartmentId = try #require(try reviewsApartment(of: found), "the card has «Отзывы (N)»")
    let before = try await card(journey, apartmentId)
    let stay = try await journey.withBus { bus in
        try await paidBooking(bus, apartmentId: apartmentId, guest: Int64(guest.userId), checkIn: LocalDate.today())
    }
    try await journey.services.restart(.booking, overrides: ["ZG_CLOCK_SHIFT": "+2d"])
    try await waitUntil("booking \(stay.number) completed", deadline: .seconds(60)) {
        try await journey.booking(stay.bookingId).status == .completed
    }
    // The notifier has planned the review reminders (from booking.completed.v1).
    try await waitUntil("review reminders queued", deadline: .seconds(60)) {
        try await reviewNotifications(journey, stay) == ["review_nudge:queued", "review_reminder:queued"]
    }
    return (stay, apartmentId, before)
}

private func card(_ journey: Journey, _ apartmentId: UUID) async throws -> ApartmentCard {
    try await journey.withBus { bus in
        try await bus.request(Envelope(GetApartmentCard(apartmentId: apartmentId), producer: .admin)).payload
    }
}

/// "kind:status" of the booking's review notifications in the notifier's queue, sorted.
private func reviewNotifications(_ journey: Journey, _ stay: BookingSummary) async throws -> [String] {
    let rows = try await journey.platform.database.adminPool.query("""
        SELECT kind || ':' || status AS entry FROM notifier.notifications
        WHERE booking_id = \(stay.bookingId) AND kind IN ('review_reminder', 'review_nudge') ORDER BY 1
        """)
    return try rows.map { try $0.decode("entry", as: String.self) }
}

/// Asks the (restarted) notifier for a message to `chat` and waits for it: everything that was due before has been
/// dealt with by then.
private func syncWithNotifier(_ journey: Journey, chat: Int64) async throws {
    let marker = "sync \(UUID().uuidString.prefix(8))"
    try await journey.withBus { bus in
        try await bus.send(Envelope(SendNotification(chatId: chat, text: marker, dedupeKey: "test:\(marker)"),
                                    producer: .admin))
    }
    let driver = ChatDriver(bot: journey.bot, userId: Int(chat))
    _ = try await driver.firstMessage(after: 0, "the notifier's sync message") { $0.text == marker }
}

/// A ZG_CLOCK_SHIFT that puts a freshly started process's clock `plus` seconds after `instant`.
private func shift(until instant: Date, plus: TimeInterval) -> String {
    "+\(max(1, Int(instant.addingTimeInterval(plus).timeIntervalSinceNow.rounded(.up))))s"
}
