import Contracts
import Database
import Foundation
import Gateway
import Presentation
import TestSupport
import Testing

/// Reading reviews in the bot: «Отзывы (N)» on a card, 10 per page newest first with «Стр. 2 из 3» and ◀️/▶️,
/// the empty state; stale and foreign `v:` buttons answered cleanly (catalog, booking, gateway + sandbox).
@Suite struct GatewayReviewListEndToEndTests {
    @Test func twentyFiveReviewsAreShownTenToAPageNewestFirst() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 5401)
            let card = try await firstCard(chat)
            let apartmentId = try #require(try reviewsApartment(of: card))
            let emptyCount = try #require(card.buttons.first { $0.text.hasPrefix("Отзывы (") }).text
            let before = try await bot.platform.database.adminPool.query("""
                SELECT rating_count FROM catalog.apartments WHERE id = \(apartmentId)
                """)
            let existing = try before.first?.decode("rating_count", as: Int.self) ?? 0
            try #require(existing == 0, "the demo apartment starts without reviews")
            #expect(emptyCount == Texts.reviewsButton(count: 0))

            // The empty state.
            let emptyId = try await chat.lastMessageId()
            try await chat.press(Texts.reviewsButton(count: 0), on: card)
            let empty = try await chat.firstMessage(after: emptyId, text: Texts.noReviews)
            #expect(empty.buttons.isEmpty)

            // 25 reviews, one an hour: review 0 newest; ratings 1…5 five times each (average 3.0).
            let now = Date()
            try await bot.platform.database.adminPool.withTransaction { transaction in
                for index in 0..<25 {
                    _ = try await transaction.execute("""
                        INSERT INTO catalog.reviews (id, booking_id, apartment_id, guest_id, realtor_id, rating, body,
                                                     published_at)
                        SELECT \(UUID()), \(UUID()), id, \(Int64(6000 + index)), realtor_id, \(index % 5 + 1),
                               \("Отзыв номер \(index)"), \(now.addingTimeInterval(-3600 * Double(index)))
                        FROM catalog.apartments WHERE id = \(apartmentId)
                        """)
                }
                _ = try await transaction.execute("""
                    UPDATE catalog.apartments SET rating_sum = 75, rating_count = 25 WHERE id = \(apartmentId)
                    """)
            }

            let again = try await firstCard(chat)
            #expect(try reviewsApartment(of: again) == apartmentId)
            #expect(again.text?.contains("★ 3.0 · 25 отзывов") == true, "\(again.text ?? "")")
            let opened = try await chat.lastMessageId()
            try await chat.press(Texts.reviewsButton(count: 25), on: again)
            let first = try await chat.firstMessage(after: opened, "reviews page 1") {
                $0.text?.hasPrefix(Texts.reviewsTitle + " · ") == true
            }
            let header = "\(Texts.reviewsTitle) · ★ 3.0 · 25 отзывов\n"
            #expect(first.text?.hasPrefix(header + "Стр. 1 из 3\n\n1. ⭐ · Гость, ") == true, "\(first.text ?? "")")
            #expect(numbers(first) == Array(1...10))
            #expect(bodies(first) == (0..<10).map { "Отзыв номер \($0)" })
            #expect(first.buttonTexts == [Texts.nextReviews])

            let second = try await chat.pressInPlace(Texts.nextReviews, on: first)
            #expect(second.id == first.id, "pagination edits the page in place")
            #expect(second.text?.hasPrefix(header + "Стр. 2 из 3\n\n11. ") == true, "\(second.text ?? "")")
            #expect(bodies(second) == (10..<20).map { "Отзыв номер \($0)" })
            #expect(second.buttonTexts == [Texts.previousReviews, Texts.nextReviews])

            let third = try await chat.pressInPlace(Texts.nextReviews, on: second)
            #expect(third.text?.hasPrefix(header + "Стр. 3 из 3\n\n21. ") == true, "\(third.text ?? "")")
            #expect(numbers(third) == Array(21...25))
            #expect(bodies(third) == (20..<25).map { "Отзыв номер \($0)" })
            #expect(third.buttonTexts == [Texts.previousReviews])
            // Review 24: rating 24 % 5 + 1 = 5, published 24 hours before review 0.
            let oldest = now.addingTimeInterval(-3600 * 24)
            #expect(third.text?.contains("25. ⭐⭐⭐⭐⭐ · \(Texts.reviewAuthorDate(oldest))") == true,
                    "\(third.text ?? "")")

            let back = try await chat.pressInPlace(Texts.previousReviews, on: third)
            #expect(back.text == second.text)

            // The notifier's link to a page (a realtor alert), from any message; past the end shows the last page.
            let linked = try await chat.lastMessageId()
            try await chat.pressData(CallbackData.reviews(apartmentId: apartmentId, page: 9).packed, on: card.id)
            let last = try await chat.firstMessage(after: linked, "the last page") {
                $0.text?.hasPrefix(header + "Стр. 3 из 3") == true
            }
            #expect(last.id > linked, "a new message, not the card edited")
        }
    }

    @Test func staleAndForeignReviewButtonsAreAnsweredCleanly() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 5402)
            try await chat.say("/start")
            let greeting = try await chat.next()
            // A draft's button outside a draft: answered, the conversation untouched (no menu pushed).
            var mark = try await chat.lastMessageId()
            #expect(try await chat.pressData(CallbackData.reviewRating(5).packed, on: greeting.id) == Texts.reviewButtonStale)
            #expect(try await chat.pressData("v:skip", on: greeting.id) == Texts.reviewButtonStale)
            #expect(try await chat.pressData("v:cancel", on: greeting.id) == Texts.reviewButtonStale)
            #expect(try await chat.lastMessageId() == mark)
            // «Опубликовать» of a booking that does not exist.
            #expect(try await chat.pressData(CallbackData.reviewPublish(UUID()).packed, on: greeting.id)
                == Texts.reviewButtonStale)
            // A review of a booking that does not exist.
            try await chat.pressData(CallbackData.reviewStart(UUID()).packed, on: greeting.id)
            _ = try await chat.firstMessage(after: mark, text: Texts.reviewRefusal(.notFound))
            // Reviews of an apartment that does not exist.
            mark = try await chat.lastMessageId()
            try await chat.pressData(CallbackData.reviews(apartmentId: UUID(), page: 1).packed, on: greeting.id)
            _ = try await chat.firstMessage(after: mark, text: Texts.apartmentNotFound)
            // Malformed `v:` data: the usual stale-button answer and the menu.
            mark = try await chat.lastMessageId()
            #expect(try await chat.pressData("v:new:not-a-uuid", on: greeting.id) == Texts.staleButton)
            #expect(try await chat.pressData("v:ls:\(UUID().uuidString.lowercased()):0", on: greeting.id) == Texts.staleButton)
            // Each of the two pushes the menu; wait for both, or the second could answer the search below.
            let menuMark = mark
            try await waitUntil("the menu twice") {
                try await chat.botMessages().filter { $0.id > menuMark && $0.text?.hasSuffix(Texts.menuShown) == true }
                    .count == 2
            }
            // Photos of a review that is not there.
            let card = try await firstCard(chat)
            let apartmentId = try #require(try reviewsApartment(of: card))
            mark = try await chat.lastMessageId()
            try await chat.pressData(CallbackData.reviewPhotos(apartmentId: apartmentId, page: 1, index: 3).packed,
                                     on: card.id)
            _ = try await chat.firstMessage(after: mark, text: Texts.reviewPhotosGone)
            // The card's own buttons still work afterwards (the search was left where it was).
            try await chat.press(Texts.next, on: card)
        }
    }
}

/// The numbers of the reviews on a page («1. ⭐…»).
private func numbers(_ page: SandboxMessage) -> [Int] {
    (page.text ?? "").split(separator: "\n").compactMap { line in
        guard let dot = line.firstIndex(of: "."), line.contains(" · Гость, ") else { return nil }
        return Int(line[..<dot])
    }
}

/// The review texts on a page (the lines after each header line).
private func bodies(_ page: SandboxMessage) -> [String] {
    (page.text ?? "").split(separator: "\n").filter { $0.hasPrefix("Отзыв номер ") }.map(String.init)
}
