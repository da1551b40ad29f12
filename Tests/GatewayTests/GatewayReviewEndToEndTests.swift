import Contracts
import Database
import Foundation
import Gateway
import Messaging
import Presentation
import TestSupport
import Testing

/// Writing a review through the bot, every service running (PRODUCT.md scenario 5): a stay completed by booking's
/// shifted clock, «⭐ Оставить отзыв» from the history, rating, text, an album of photos (downloaded and checked by
/// the gateway), publishing; the card's average and count change; refusals for a stay not finished, a second
/// review and someone else's booking; garbage at every step; a gateway restart in the middle.
@Suite struct GatewayReviewEndToEndTests {
    @Test func reviewOfAFinishedStayChangesTheCardsAverageAndCount() async throws {
        try await withPlatform { journey in
            let guest = ChatDriver(bot: journey.bot, userId: 5301)
            let card = try await firstCard(guest)
            let apartmentId = try #require(try reviewsApartment(of: card), "the card has «Отзывы (N)»")
            let before = try await journey.withBus { bus in
                try await bus.request(Envelope(GetApartmentCard(apartmentId: apartmentId), producer: .admin)).payload
            }
            #expect(card.text?.contains(Texts.rating(average: before.ratingAverage, count: before.ratingCount)) == true)
            #expect(card.buttonTexts.contains(Texts.reviewsButton(count: before.ratingCount)))

            // A stay today → tomorrow (to be completed), and one in a week (paid, not finished).
            let today = LocalDate.today()
            let (stay, later) = try await journey.withBus { bus in
                let stay = try await paidBooking(bus, apartmentId: apartmentId, guest: 5301, checkIn: today)
                let later = try await paidBooking(bus, apartmentId: apartmentId, guest: 5301, checkIn: today.adding(days: 7))
                return (stay, later)
            }

            // Not finished yet: refused, the conversation stays where it was.
            var mark = try await guest.lastMessageId()
            try await guest.pressData(CallbackData.reviewStart(stay.bookingId).packed, on: card.id)
            _ = try await guest.firstMessage(after: mark, text: Texts.reviewRefusal(.stayNotFinished))

            // Booking's clock two days ahead: the stay checks in and completes at start.
            try await journey.services.restart(.booking, overrides: ["ZG_CLOCK_SHIFT": "+2d"])
            try await waitUntil("booking \(stay.number) completed", deadline: .seconds(60)) {
                try await journey.booking(stay.bookingId).status == .completed
            }

            // «Детали» of the completed stay offers the review too.
            mark = try await guest.lastMessageId()
            try await guest.pressData(CallbackData.details(stay.bookingId).packed, on: card.id)
            let details = try await guest.firstMessage(after: mark, text: Texts.notCancellableDetails)
            #expect(details.buttonTexts == [Texts.leaveReview])

            // The history offers «⭐ Оставить отзыв» for the completed stay only.
            let historyAsked = try await guest.say(Texts.menuBookings)
            let history = try await guest.firstMessage(after: historyAsked, "history") {
                $0.text?.hasPrefix(Texts.historyTitle) == true
            }
            #expect(history.buttonTexts == [Texts.leaveReview(number: stay.number)], "\(history.buttonTexts)")
            try await guest.press(Texts.leaveReview(number: stay.number), on: history)
            let ratingStep = try await guest.firstMessage(after: history.id, "rating step") {
                $0.text?.contains("Шаг 1 из 3") == true
            }
            #expect(ratingStep.buttonTexts == (1...5).map(Texts.ratingButton) + [Texts.reviewCancelButton])

            // Garbage at the rating step: a hint, the step stays.
            let typed = try await guest.say("отлично")
            _ = try await guest.firstMessage(after: typed, text: Texts.ratingHint)
            let photoAtRating = try await guest.sendPhotos([ReviewFixtures.png(seed: 9)])
            _ = try await guest.firstMessage(after: photoAtRating[0], text: Texts.ratingHint)

            let textStep = try await guest.pressInPlace(Texts.ratingButton(4), on: ratingStep)
            #expect(textStep.text == Texts.reviewTextPrompt(rating: 4), "\(textStep.text ?? "")")
            #expect(textStep.buttonTexts == [Texts.skipText, Texts.reviewCancelButton])

            // Garbage at the text step: a photo, a text too long; the old rating buttons are stale.
            let photoAtText = try await guest.sendPhotos([ReviewFixtures.png(seed: 8)])
            _ = try await guest.firstMessage(after: photoAtText[0], text: Texts.textHint)
            let longId = try await guest.say(String(repeating: "о", count: SubmitReview.maximumTextLength + 1))
            _ = try await guest.firstMessage(after: longId, text: Texts.textTooLong(SubmitReview.maximumTextLength + 1))
            #expect(try await guest.pressData(CallbackData.reviewRating(1).packed, on: history.id) == Texts.reviewButtonStale)

            // A restart in the middle continues at the same step.
            try await journey.services.restart(.gateway)
            let review = "Чисто, тепло, хозяин на связи. <Рекомендую> & вернусь!"
            let textId = try await guest.say(review)
            let photosStep = try await guest.firstMessage(after: textId, text: Texts.reviewPhotosPrompt)
            #expect(photosStep.buttonTexts == [Texts.publishWithoutPhotos, Texts.reviewCancelButton])

            // Garbage at the photos step, then an album of two.
            let garbageId = try await guest.say("вот фото")
            _ = try await guest.firstMessage(after: garbageId, text: Texts.photosHint)
            let album = try await guest.sendPhotos([ReviewFixtures.png(seed: 1), ReviewFixtures.png(width: 800, seed: 2)])
            #expect(album.count == 2)
            let added = try await guest.firstMessage(after: album[1], text: Texts.photoAdded(count: 2))
            #expect(added.buttonTexts == [Texts.publishDone, Texts.reviewCancelButton])
            let uploaded = [try await guest.userPhotoFileId(album[0]), try await guest.userPhotoFileId(album[1])]

            try await guest.press(Texts.publishDone, on: added)
            let thanks = try await guest.firstMessage(after: added.id, text: Texts.reviewPublished)
            #expect(try await guest.message(added.id).buttonTexts.isEmpty, "the publish button is gone")

            // A second press on «Опубликовать» (an old client still showing it) publishes nothing more.
            #expect(try await guest.press(Texts.publishDone, on: added, forge: true) == Texts.reviewAlreadyPublished)
            // A second review of the same booking, from the history's button: refused.
            mark = try await guest.lastMessageId()
            try await guest.press(Texts.leaveReview(number: stay.number), on: history)
            _ = try await guest.firstMessage(after: mark, text: Texts.reviewRefusal(.alreadyReviewed))
            // …and neither «Детали» nor the history offer it any more.
            mark = try await guest.lastMessageId()
            try await guest.pressData(CallbackData.details(stay.bookingId).packed, on: card.id)
            #expect(try await guest.firstMessage(after: mark, text: Texts.notCancellableDetails).buttons.isEmpty)
            let historyAgain = try await guest.say(Texts.menuBookings)
            let reviewed = try await guest.firstMessage(after: historyAgain, "history") {
                $0.text?.hasPrefix(Texts.historyTitle) == true
            }
            #expect(reviewed.buttons.isEmpty, "\(reviewed.buttonTexts)")
            // The stay in a week is not finished.
            mark = try await guest.lastMessageId()
            try await guest.pressData(CallbackData.reviewStart(later.bookingId).packed, on: history.id)
            _ = try await guest.firstMessage(after: mark, text: Texts.reviewRefusal(.stayNotFinished))

            // Someone else's booking: refused, nothing revealed.
            let stranger = ChatDriver(bot: journey.bot, userId: 5302)
            try await stranger.say("/start")
            let greeting = try await stranger.next()
            try await stranger.pressData(CallbackData.reviewStart(stay.bookingId).packed, on: greeting.id)
            _ = try await stranger.firstMessage(after: greeting.id, text: Texts.reviewRefusal(.notYourBooking))

            let stored = try await journey.platform.database.adminPool.query("""
                SELECT rating, body, photos::text AS photos FROM catalog.reviews WHERE booking_id = \(stay.bookingId)
                """)
            #expect(stored.count == 1)
            #expect(try stored.first?.decode("rating", as: Int.self) == 4)
            #expect(try stored.first?.decode("body", as: String.self) == review)
            let photos = try stored.first?.decode("photos", as: String.self) ?? ""
            #expect(uploaded.allSatisfy { photos.contains($0) }, "\(photos)")

            // The reviews: the new one first, its photos sent back by file_id.
            let page = try await guest.pressInPlaceOrNew(Texts.reviewsTitle, on: thanks)
            let expectedCount = before.ratingCount + 1
            #expect(page.text?.hasPrefix("\(Texts.reviewsTitle) · ★ ") == true, "\(page.text ?? "")")
            #expect(page.text?.contains("\n1. ⭐⭐⭐⭐ · Гость, ") == true, "\(page.text ?? "")")
            #expect(page.text?.contains("Чисто, тепло, хозяин на связи. <Рекомендую> & вернусь!") == true)
            #expect(page.text?.contains("📷 2 фото") == true)
            try await guest.press(Texts.reviewPhotosButton(number: 1, count: 2), on: page)
            let sent = try await guest.firstMessage(after: page.id, "the review's album") { $0.photoFileId != nil }
            #expect(sent.mediaGroupId != nil)
            let albumBack = try await guest.botMessages().filter { $0.id >= sent.id && $0.photoFileId != nil }
            #expect(albumBack.count == 2)

            // The card shows the new average and count.
            let after = try await journey.withBus { bus in
                try await bus.request(Envelope(GetApartmentCard(apartmentId: apartmentId), producer: .admin)).payload
            }
            #expect(after.ratingCount == expectedCount)
            let sum = (before.ratingAverage ?? 0) * Double(before.ratingCount) + 4
            #expect(abs((after.ratingAverage ?? 0) - sum / Double(expectedCount)) < 0.01)
            let again = try await firstCard(guest)
            #expect(try reviewsApartment(of: again) == apartmentId)
            #expect(again.text?.contains(Texts.rating(average: after.ratingAverage, count: expectedCount)) == true,
                    "\(again.text ?? "")")
            #expect(again.text != card.text, "the rating line changed")
            #expect(again.buttonTexts.contains(Texts.reviewsButton(count: expectedCount)))
        }
    }

    @Test func cancelTooLateThenSkipTheTextAndAttachAtMostFivePhotos() async throws {
        try await withPlatform { journey in
            let guest = ChatDriver(bot: journey.bot, userId: 5303)
            let card = try await firstCard(guest)
            let apartmentId = try #require(try reviewsApartment(of: card))
            let stay = try await journey.withBus { bus in
                try await paidBooking(bus, apartmentId: apartmentId, guest: 5303, checkIn: LocalDate.today())
            }
            try await journey.services.restart(.booking, overrides: ["ZG_CLOCK_SHIFT": "+2d"])
            try await waitUntil("booking \(stay.number) completed", deadline: .seconds(60)) {
                try await journey.booking(stay.bookingId).status == .completed
            }

            // Started from the notifier's button, then «Отмена»: nothing is published, the draft's buttons are stale.
            var mark = try await guest.lastMessageId()
            try await guest.pressData(CallbackData.reviewStart(stay.bookingId).packed, on: card.id)
            let first = try await guest.firstMessage(after: mark, "rating step") { $0.text?.contains("Шаг 1 из 3") == true }
            try await guest.press(Texts.reviewCancelButton, on: first)
            _ = try await guest.firstMessage(after: first.id, text: Texts.reviewCancelled)
            #expect(try await guest.press(Texts.ratingButton(5), on: first, forge: true) == Texts.reviewButtonStale)
            #expect(try await journey.count("""
                SELECT count(*)::int AS n FROM catalog.reviews WHERE booking_id = \(stay.bookingId)
                """) == 0)

            // The catalog's clock 40 days ahead: past the 30 days after check-out, too late.
            try await journey.services.restart(.catalog, overrides: ["ZG_CLOCK_SHIFT": "+40d"])
            mark = try await guest.lastMessageId()
            try await guest.pressData(CallbackData.reviewStart(stay.bookingId).packed, on: card.id)
            _ = try await guest.firstMessage(after: mark, text: Texts.reviewRefusal(.tooLate))
            try await journey.services.restart(.catalog, overrides: ["ZG_CLOCK_SHIFT": ""])

            // Again: five stars, no text, an album of six photos — five are taken.
            mark = try await guest.lastMessageId()
            try await guest.pressData(CallbackData.reviewStart(stay.bookingId).packed, on: card.id)
            let ratingStep = try await guest.firstMessage(after: mark, "rating step") {
                $0.text?.contains("Шаг 1 из 3") == true
            }
            let textStep = try await guest.pressInPlace(Texts.ratingButton(5), on: ratingStep)
            let photosStep = try await guest.pressInPlace(Texts.skipText, on: textStep)
            #expect(photosStep.text == Texts.reviewPhotosPrompt)
            #expect(photosStep.buttonTexts == [Texts.publishWithoutPhotos, Texts.reviewCancelButton])
            let album = try await guest.sendPhotos((1...6).map { ReviewFixtures.png(seed: UInt8($0)) })
            #expect(album.count == 6)
            _ = try await guest.firstMessage(after: album[5], text: Texts.tooManyPhotos)
            let five = try await guest.firstMessage(after: album[4], text: Texts.photoAdded(count: 5))
            #expect(try await guest.countMessages { $0.hasPrefix("📷 Фото добавлено") } == 5)
            try await guest.press(Texts.publishDone, on: five)
            let thanks = try await guest.firstMessage(after: five.id, text: Texts.reviewPublished)

            let stored = try await journey.platform.database.adminPool.query("""
                SELECT rating, body, jsonb_array_length(photos) AS photos FROM catalog.reviews
                WHERE booking_id = \(stay.bookingId)
                """)
            #expect(stored.count == 1)
            #expect(try stored.first?.decode("rating", as: Int.self) == 5)
            #expect(try stored.first?.decode("body", as: String.self) == "")
            #expect(try stored.first?.decode("photos", as: Int.self) == 5)

            let page = try await guest.pressInPlaceOrNew(Texts.reviewsTitle, on: thanks)
            #expect(page.text?.contains("\n1. ⭐⭐⭐⭐⭐ · Гость, ") == true, "\(page.text ?? "")")
            try await guest.press(Texts.reviewPhotosButton(number: 1, count: 5), on: page)
            try await waitUntil("an album of five") {
                try await guest.botMessages().filter { $0.id > page.id && $0.photoFileId != nil }.count == 5
            }
        }
    }
}

/// The apartment of a card, read from its «Отзывы (N)» button (`v:ls:<apartment>:1`).
func reviewsApartment(of card: SandboxMessage) throws -> UUID? {
    guard let data = card.buttons.first(where: { $0.text.hasPrefix("Отзывы (") })?.data,
          case .reviews(let apartmentId, let page) = CallbackData(packed: data), page == 1 else { return nil }
    return apartmentId
}

/// A booking of `guest` from `checkIn` 14:00 to the next day 12:00, held and settled over the bus.
func paidBooking(_ bus: MessageBus, apartmentId: UUID, guest: Int64, checkIn: LocalDate) async throws -> BookingSummary {
    let hold = try await bus.request(Envelope(PlaceHold(
        requestId: UUID(), apartmentId: apartmentId, guestId: guest, guestChatId: guest,
        checkIn: checkIn.instant(at: LocalTime(hour: 14)) ?? Date(),
        checkOut: checkIn.adding(days: 1).instant(at: LocalTime(hour: 12)) ?? Date()), producer: .admin)).payload
    let held = try #require(hold.booking, "\(hold.result)")
    let settled = try await bus.request(Envelope(SettlePayment(
        account: held.number, amountTiyn: held.totalTiyn, paymentReference: "test:\(held.number)", paidAt: Date()),
        producer: .payments)).payload
    #expect(settled.result == .settled)
    return held
}

extension ChatDriver {
    /// Presses `label` on `message` and returns the message it produced: `message` itself when edited in place
    /// (a reviews page), otherwise the first new bot message with text.
    func pressInPlaceOrNew(_ label: String, on message: SandboxMessage) async throws -> SandboxMessage {
        let mark = try await lastMessageId()
        try await press(label, on: message)
        let edited = try await self.message(message.id)
        if edited.text != message.text { return edited }
        return try await firstMessage(after: mark, label) { $0.text != nil }
    }
}
