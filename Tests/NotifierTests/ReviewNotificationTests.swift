import Contracts
import Database
import Foundation
import HTTPClient
@testable import Notifier
import ServiceRuntime
import TelegramSandbox
import TestSupport
import Testing

/// Review reminders after a finished stay (with a shifted business clock) and the realtor's «новый отзыв» alert.
@Suite("NotifierReviewNotificationTests", .timeLimit(.minutes(5)))
struct ReviewNotificationTests {
    static func completed(_ booking: BookingSummary) -> Envelope<BookingCompleted> {
        var booking = booking
        booking.status = .completed
        return Envelope(BookingCompleted(booking: booking), producer: .booking)
    }

    static func published(_ booking: BookingSummary, rating: Int, review: UUID = UUID()) -> Envelope<ReviewPublished> {
        Envelope(ReviewPublished(reviewId: review, apartmentId: booking.apartmentId, bookingId: booking.bookingId,
                                 guestId: booking.guestId, realtorId: booking.realtorId, rating: rating,
                                 occurredAt: booking.checkOut.addingTimeInterval(3 * 3600)),
                 producer: .catalog)
    }

    /// (kind, status, not_before) of the booking's review reminders, reminder first.
    static func reviewRows(_ fixture: NotifierFixture, _ booking: BookingSummary) async throws
        -> [(kind: String, status: String, notBefore: Date)]
    {
        try await fixture.pool.query("""
            SELECT kind, status, not_before FROM notifications
            WHERE booking_id = \(booking.bookingId) AND kind IN ('review_reminder', 'review_nudge')
            ORDER BY not_before
            """).map { (try $0.decode("kind"), try $0.decode("status"), try $0.decode("not_before")) }
    }

    @Test func finishedStayGetsExactlyOneReminderAndOneNudgeWithTheReviewButton() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let guest: Int64 = 9801
                let realtor: Int64 = 9851
                try await sandbox.openChats([guest, realtor])
                let booking = sampleBooking(number: "700", status: .checkedIn, guestChat: guest, realtor: realtor)
                let clock = ManualClock(booking.checkOut.addingTimeInterval(10 * 60))
                let lookups = FakeLookups()
                lookups.put(sampleCard(apartment: booking.apartmentId, realtor: realtor))
                let planner = NotificationPlanner(queue: NotificationQueue(database: fixture.pool), lookups: lookups,
                                                  clock: clock.businessClock)
                let event = Self.completed(booking)
                try await planner.handle(event)
                try await planner.handle(event) // redelivered: nothing twice
                let rows = try await Self.reviewRows(fixture, booking)
                #expect(rows.map(\.kind) == ["review_reminder", "review_nudge"])
                #expect(rows.map(\.notBefore) == [booking.checkOut.addingTimeInterval(2 * 3600),
                                                  booking.checkOut.addingTimeInterval(26 * 3600)])
                #expect(try await fixture.statusCounts() == ["queued": 3]) // + the realtor's «гость выехал»

                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client,
                                                clock: clock.businessClock, lookups: lookups)
                try await withDispatchers([dispatcher]) {
                    try await waitUntil("realtor told", deadline: .seconds(60)) {
                        try await fixture.count(status: "sent") == 1
                    }
                    #expect(try await sandbox.botTexts(guest).isEmpty)
                    clock.set(booking.checkOut.addingTimeInterval(2 * 3600 + 1))
                    try await waitUntil("reminder sent", deadline: .seconds(60)) {
                        try await fixture.count(status: "sent") == 2
                    }
                    // The same event much later (the notifier's queue already has both): still nothing new.
                    try await planner.handle(event)
                    clock.set(booking.checkOut.addingTimeInterval(26 * 3600 + 1))
                    try await waitUntil("nudge sent", deadline: .seconds(60)) {
                        try await fixture.count(status: "sent") == 3
                    }
                }
                let messages = try await sandbox.botMessages(guest)
                #expect(messages.count == 2)
                let texts = messages.compactMap { $0["text"]?.stringValue }
                #expect(texts.first?.contains("Как прошло проживание в квартире «2-комн., Алмалинский, Алматы»")
                    == true)
                #expect(texts.first?.contains("Оцените, пожалуйста — это займёт минуту.") == true)
                #expect(texts.last?.contains("Больше напоминать не будем") == true)
                for message in messages {
                    let button = message["reply_markup"]?["inline_keyboard"]?[0]?[0]
                    #expect(button?["text"]?.stringValue == "⭐ Оставить отзыв")
                    #expect(button?["callback_data"]?.stringValue
                        == "v:new:\(booking.bookingId.uuidString.lowercased())")
                }
                #expect(lookups.eligibilityRequests == [booking.bookingId, booking.bookingId])
                #expect(try await sandbox.botTexts(realtor).count == 1)
                #expect(try await fixture.statusCounts() == ["sent": 3])
            }
        }
    }

    @Test func reviewBetweenReminderAndNudgeStopsTheNudge() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                // Guest A's review event reaches the notifier; guest B's review is made but its event is late.
                let guests: [Int64] = [9811, 9812]
                let realtor: Int64 = 9861
                try await sandbox.openChats(guests + [realtor])
                let byEvent = sampleBooking(number: "711", status: .checkedIn, guestChat: guests[0], realtor: realtor)
                let byCondition = sampleBooking(number: "712", status: .checkedIn, guestChat: guests[1],
                                                realtor: realtor)
                let clock = ManualClock(byEvent.checkOut.addingTimeInterval(60))
                let lookups = FakeLookups()
                lookups.put(sampleCard(apartment: byEvent.apartmentId, realtor: realtor))
                let planner = NotificationPlanner(queue: NotificationQueue(database: fixture.pool), lookups: lookups,
                                                  clock: clock.businessClock)
                try await planner.handle(Self.completed(byEvent))
                try await planner.handle(Self.completed(byCondition))
                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client,
                                                clock: clock.businessClock, lookups: lookups)
                try await withDispatchers([dispatcher]) {
                    clock.set(byEvent.checkOut.addingTimeInterval(2 * 3600 + 1))
                    try await waitUntil("both reminders and realtor alerts sent", deadline: .seconds(60)) {
                        try await fixture.count(status: "sent") == 4
                    }
                    // A reviews: the event drops the nudge at once and alerts the realtor (once, despite redelivery).
                    let review = Self.published(byEvent, rating: 5)
                    try await planner.handle(review)
                    try await planner.handle(review)
                    #expect(try await Self.reviewRows(fixture, byEvent).map(\.status) == ["sent", "skipped"])
                    // B reviews too, but its event has not arrived: the catalog says so at send time.
                    lookups.setEligibility(byCondition.bookingId,
                                           ReviewEligibility(eligible: false, reason: .alreadyReviewed))
                    clock.set(byEvent.checkOut.addingTimeInterval(26 * 3600 + 1))
                    try await waitUntil("alert sent, B's nudge skipped", deadline: .seconds(60)) {
                        try await fixture.has(sent: 5, skipped: 2)
                    }
                }
                #expect(try await sandbox.botTexts(guests[0]).count == 1)
                #expect(try await sandbox.botTexts(guests[1]).count == 1)
                let skipped = try await fixture.pool.query("""
                    SELECT last_error FROM notifications WHERE booking_id = \(byCondition.bookingId)
                      AND kind = 'review_nudge'
                    """).first?.decode("last_error", as: String.self)
                #expect(skipped?.contains("already_reviewed") == true)

                let alert = try #require(try await sandbox.botMessages(realtor).last)
                let text = alert["text"]?.stringValue ?? ""
                #expect(text.contains("Новый отзыв ⭐ 5/5"))
                #expect(text.contains("Квартира: 2-комн., Алмалинский, Алматы"))
                let button = alert["reply_markup"]?["inline_keyboard"]?[0]?[0]
                #expect(button?["text"]?.stringValue == "Отзывы")
                #expect(button?["callback_data"]?.stringValue
                    == "v:ls:\(byEvent.apartmentId.uuidString.lowercased()):1")
                // «Гость выехал» twice and one review alert.
                #expect(try await sandbox.botTexts(realtor).count == 3)
            }
        }
    }

    @Test func ineligibleGuestGetsNoReminderAndALateEventKeepsTheSpacing() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let guests: [Int64] = [9821, 9822]
                try await sandbox.openChats(guests + [9871])
                // One was reviewed already; the other's completion event arrives 40 days late (window over).
                let reviewed = sampleBooking(number: "721", status: .checkedIn, guestChat: guests[0], realtor: 9871)
                let late = sampleBooking(number: "722", status: .checkedIn, guestChat: guests[1], realtor: 9871)
                let lookups = FakeLookups() // no card: texts without the apartment
                lookups.setEligibility(reviewed.bookingId, ReviewEligibility(eligible: false, reason: .alreadyReviewed))
                lookups.setEligibility(late.bookingId, ReviewEligibility(eligible: false, reason: .tooLate))
                let clock = ManualClock(reviewed.checkOut.addingTimeInterval(60))
                let planner = NotificationPlanner(queue: NotificationQueue(database: fixture.pool), lookups: lookups,
                                                  clock: clock.businessClock)
                try await planner.handle(Self.completed(reviewed))
                let lateNow = late.checkOut.addingTimeInterval(40 * 86_400)
                clock.set(lateNow)
                try await planner.handle(Self.completed(late))
                let lateRows = try await Self.reviewRows(fixture, late)
                #expect(lateRows.map(\.kind) == ["review_reminder", "review_nudge"])
                let reminderAt = try #require(lateRows.first?.notBefore)
                #expect(abs(reminderAt.timeIntervalSince(lateNow)) < 60)
                #expect(abs((lateRows.last?.notBefore ?? .distantPast).timeIntervalSince(reminderAt) - 24 * 3600) < 0.01)
                let text = try await fixture.pool.queryFirst("""
                    SELECT payload->>'text' AS text FROM notifications
                    WHERE booking_id = \(late.bookingId) AND kind = 'review_reminder'
                    """)?.decode("text", as: String.self)
                #expect(text?.contains("Как прошло проживание по брони №722?") == true)

                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client,
                                                clock: clock.businessClock, lookups: lookups)
                try await withDispatchers([dispatcher]) {
                    clock.set(lateNow.addingTimeInterval(25 * 3600))
                    try await waitUntil("every reminder decided", deadline: .seconds(60)) {
                        try await fixture.has(sent: 2, skipped: 4)
                    }
                }
                for guest in guests { #expect(try await sandbox.botTexts(guest).isEmpty) }
            }
        }
    }

    @Test func reviewButtonsFollowTheGatewayCallbackContract() {
        let booking = UUID(uuidString: "0F8A2B4C-1D2E-4F60-8A9B-0C1D2E3F4A5B")!
        #expect(Texts.leaveReview(booking).callbackData == "v:new:0f8a2b4c-1d2e-4f60-8a9b-0c1d2e3f4a5b")
        #expect(Texts.reviews(booking).callbackData == "v:ls:0f8a2b4c-1d2e-4f60-8a9b-0c1d2e3f4a5b:1")
        #expect(Texts.reviewPublishedRealtor(rating: 4, place: nil).contains("Новый отзыв ⭐ 4/5"))
    }
}
