import Contracts
import Database
import Foundation
import HTTPClient
@testable import Notifier
import Presentation
import ServiceRuntime
import TelegramSandbox
import TestSupport
import Testing

/// Booking and payment events become the right notifications; access details exist only at send time.
@Suite("NotifierBookingNotificationTests", .timeLimit(.minutes(5)))
struct BookingNotificationTests {
    /// 2026-12-20 12:00 UTC+5, five days before the sample check-in.
    static let start = Date(timeIntervalSince1970: 1_798_189_200 - 5 * 86_400 - 2 * 3600)

    @Test func paidBookingSendsAccessDetailsFetchedAtSendTimeAndNeverStoresThem() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let guest: Int64 = 9001
                let realtor: Int64 = 9501
                try await sandbox.openChats([guest, realtor])
                let clock = ManualClock(Self.start)
                let lookups = FakeLookups()
                let booking = sampleBooking(status: .paid, guestChat: guest, realtor: realtor)
                lookups.put(booking)
                lookups.put(sampleAccess(apartment: booking.apartmentId))
                let queue = NotificationQueue(database: fixture.pool)
                let planner = NotificationPlanner(queue: queue, lookups: lookups, clock: clock.businessClock)
                let event = Envelope(BookingPaid(booking: booking, paymentReference: "account:1"), producer: .booking)
                try await planner.handle(event)
                try await planner.handle(event) // redelivered: queues nothing more
                #expect(try await fixture.statusCounts() == ["queued": 4])

                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client,
                                                clock: clock.businessClock, lookups: lookups, retryBase: 0.1)
                try await withDispatchers([dispatcher]) {
                    try await waitUntil("guest and realtor notified", deadline: .seconds(60)) {
                        try await fixture.count(status: "sent") == 2
                    }
                }
                let guestTexts = try await sandbox.botTexts(guest)
                #expect(guestTexts.count == 1)
                let text = try #require(guestTexts.first)
                #expect(text.contains("Оплата получена. Бронь №100042 — Забронировано."))
                for piece in ["ул. Кабанбай батыра, 11", "Подъезд: 2", "этаж 7, кв. 45", "Код домофона: 45К7731",
                              "Код сейфа: 9184", "+77011234567", "30 000 ₸", Formatting.dateTime(booking.checkIn)] {
                    #expect(text.contains(piece), "missing \(piece)")
                }
                let buttons = try await sandbox.botMessages(guest).first?["reply_markup"]?["inline_keyboard"]
                #expect(buttons?[0]?[0]?["callback_data"]?.stringValue == "c:cur")
                let realtorTexts = try await sandbox.botTexts(realtor)
                #expect(realtorTexts.count == 1)
                #expect(realtorTexts.first?.contains("Новая оплаченная бронь №100042") == true)
                #expect(realtorTexts.first?.contains("45К7731") == false)

                // Revealed once, for this guest and booking; never in the queue.
                #expect(lookups.reveals.map(\.reference) == [
                    AccessDetailsReference(apartmentId: booking.apartmentId, bookingId: booking.bookingId,
                                           guestId: guest),
                ])
                let stored = try await fixture.pool.queryFirst("""
                    SELECT string_agg(payload::text || ' ' || coalesce(last_error, ''), ' | ') AS everything
                    FROM notifications
                    """)?.decode("everything", as: String.self) ?? ""
                #expect(!stored.contains("45К7731"))
                #expect(!stored.contains("9184"))
                #expect(!stored.contains("Кабанбай"))
            }
        }
    }

    @Test func scheduledRemindersFollowTheInjectedClockAndTheirConditions() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let guests: [Int64] = [9101, 9102, 9103, 9104]
                let realtor: Int64 = 9601
                try await sandbox.openChats(guests + [realtor])
                let clock = ManualClock(Self.start)
                let lookups = FakeLookups()
                let queue = NotificationQueue(database: fixture.pool)
                let planner = NotificationPlanner(queue: queue, lookups: lookups, clock: clock.businessClock)

                // Two holds expiring in 15 minutes; the second gets paid before its reminder.
                let expires = Self.start.addingTimeInterval(15 * 60)
                let stillHeld = sampleBooking(number: "1", status: .held, guestChat: guests[0], holdExpiresAt: expires)
                let paidMeanwhile = sampleBooking(number: "2", status: .held, guestChat: guests[1],
                                                  holdExpiresAt: expires)
                // Two paid bookings: one stays, one is cancelled behind the notifier's back.
                let staying = sampleBooking(number: "3", status: .paid, guestChat: guests[2], realtor: realtor)
                let cancelledLater = sampleBooking(number: "4", status: .paid, guestChat: guests[3], realtor: realtor)
                for booking in [stillHeld, paidMeanwhile, staying, cancelledLater] { lookups.put(booking) }
                for booking in [staying, cancelledLater] { lookups.put(sampleAccess(apartment: booking.apartmentId)) }

                try await planner.handle(Envelope(BookingHeld(booking: stillHeld), producer: .booking))
                try await planner.handle(Envelope(BookingHeld(booking: paidMeanwhile), producer: .booking))
                try await planner.handle(Envelope(BookingPaid(booking: staying, paymentReference: "p3"),
                                                  producer: .booking))
                try await planner.handle(Envelope(BookingPaid(booking: cancelledLater, paymentReference: "p4"),
                                                  producer: .booking))
                let reminders = try await fixture.pool.query("""
                    SELECT kind, not_before FROM notifications
                    WHERE kind IN ('hold_ending_soon', 'check_in_day', 'check_out_reminder')
                      AND booking_id IN (\(staying.bookingId), \(stillHeld.bookingId))
                    ORDER BY not_before
                    """).map { (try $0.decode("kind", as: String.self), try $0.decode("not_before", as: Date.self)) }
                #expect(reminders.map(\.0) == ["hold_ending_soon", "check_in_day", "check_out_reminder"])
                #expect(reminders.map(\.1) == [
                    expires.addingTimeInterval(-5 * 60),
                    staying.checkIn.addingTimeInterval(-4 * 3600), // 10:00 UTC+5 on the check-in day
                    staying.checkOut.addingTimeInterval(-2 * 3600),
                ])

                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client,
                                                clock: clock.businessClock, lookups: lookups)
                try await withDispatchers([dispatcher]) {
                    // The immediate ones (two paid guests, their realtor twice) go now.
                    try await waitUntil("paid notifications sent", deadline: .seconds(60)) {
                        try await fixture.count(status: "sent") == 4
                    }
                    // Hold reminders: due 10 minutes in; the second booking is paid by then.
                    lookups.setStatus(paidMeanwhile.bookingId, .paid)
                    clock.advance(10 * 60 + 1)
                    try await waitUntil("hold reminders decided", deadline: .seconds(60)) {
                        try await fixture.has(sent: 5, skipped: 1)
                    }
                    #expect(try await sandbox.botTexts(guests[0]).first?.contains("ждёт оплаты") == true)
                    #expect(try await sandbox.botTexts(guests[1]).isEmpty)

                    // Check-in morning: the cancelled booking is skipped at send time.
                    lookups.setStatus(cancelledLater.bookingId, .cancelled)
                    clock.set(staying.checkIn.addingTimeInterval(-4 * 3600 + 1))
                    try await waitUntil("check-in instructions decided", deadline: .seconds(60)) {
                        try await fixture.has(sent: 6, skipped: 2)
                    }
                    let checkIn = try await sandbox.botMessages(guests[2]).last
                    #expect(checkIn?["text"]?.stringValue?.contains("Сегодня заезд по брони №3") == true)
                    #expect(checkIn?["reply_markup"]?["inline_keyboard"]?[0]?[0]?["callback_data"]?.stringValue
                        == "c:det:\(staying.bookingId.uuidString.lowercased())")

                    // Check-out reminder two hours before check-out, while checked in.
                    lookups.setStatus(staying.bookingId, .checkedIn)
                    clock.set(staying.checkOut.addingTimeInterval(-2 * 3600 + 1))
                    try await waitUntil("check-out reminder decided", deadline: .seconds(60)) {
                        try await fixture.has(sent: 7, skipped: 3)
                    }
                }
                #expect(try await sandbox.botTexts(guests[2]).last?.contains("выезд по брони №3") == true)
                #expect(try await sandbox.botTexts(guests[3]).count == 1) // only the paid message
                #expect(try await fixture.statusCounts() == ["sent": 7, "skipped": 3])
            }
        }
    }

    @Test func cancellationAndExpiryNotifyAndDropScheduledReminders() async throws {
        try await withNotifierDatabase { fixture in
            let clock = ManualClock(Self.start)
            let lookups = FakeLookups()
            let queue = NotificationQueue(database: fixture.pool)
            let planner = NotificationPlanner(queue: queue, lookups: lookups, clock: clock.businessClock)
            var paid = sampleBooking(status: .paid, guestChat: 9201, realtor: 9701)
            try await planner.handle(Envelope(BookingPaid(booking: paid, paymentReference: "p"), producer: .booking))
            paid.status = .cancelled
            paid.refundTiyn = 1_500_000
            try await planner.handle(Envelope(BookingCancelled(booking: paid, wasPaid: true, refundPercent: 50,
                                                               cancelledBy: .guest), producer: .booking))
            let rows = try await fixture.pool.query("""
                SELECT kind, status, chat_id, payload->>'text' AS text FROM notifications ORDER BY id
                """).map { (try $0.decode("kind", as: String.self), try $0.decode("status", as: String.self),
                            try $0.decode("chat_id", as: Int64.self), try $0.decode("text", as: String.self)) }
            #expect(rows.filter { $0.1 == "skipped" }.map(\.0).sorted() == ["check_in_day", "check_out_reminder"])
            let guestCancel = try #require(rows.first { $0.0 == "booking_cancelled_guest" })
            #expect(guestCancel.2 == 9201)
            #expect(guestCancel.3.contains("К возврату: 15 000 ₸. Деньги вернутся через Kaspi."))
            #expect(rows.contains { $0.0 == "booking_cancelled_realtor" && $0.2 == 9701 })

            let held = sampleBooking(status: .expired, guestChat: 9202, holdExpiresAt: Self.start.addingTimeInterval(900))
            try await planner.handle(Envelope(BookingHeld(booking: held), producer: .booking))
            try await planner.handle(Envelope(BookingExpired(booking: held), producer: .booking))
            let expiry = try await fixture.pool.query("""
                SELECT kind, status, payload::text AS payload FROM notifications WHERE chat_id = 9202 ORDER BY id
                """).map { (try $0.decode("kind", as: String.self), try $0.decode("status", as: String.self),
                            try $0.decode("payload", as: String.self)) }
            #expect(expiry.map(\.0) == ["hold_ending_soon", "booking_expired_guest"])
            #expect(expiry.map(\.1) == ["skipped", "queued"])
            #expect(expiry[1].2.contains("Поиск квартир"))
        }
    }

    @Test func paymentEventsFindTheGuestThroughTheBookingService() async throws {
        try await withNotifierDatabase { fixture in
            let lookups = FakeLookups()
            let booking = sampleBooking(status: .cancelled, guestChat: 9301)
            lookups.put(booking)
            let planner = NotificationPlanner(queue: NotificationQueue(database: fixture.pool), lookups: lookups,
                                              clock: ManualClock(Self.start).businessClock)
            try await planner.handle(Envelope(RefundCompleted(refundId: UUID(), bookingId: booking.bookingId,
                                                              amountTiyn: 1_500_000, kaspiReference: "r",
                                                              completedAt: Self.start), producer: .payments))
            try await planner.handle(Envelope(PaymentFailed(bookingId: booking.bookingId, account: booking.number,
                                                            amountTiyn: 3_000_000, channel: .invoice,
                                                            kaspiReference: "q", reason: "kaspi_error",
                                                            occurredAt: Self.start), producer: .payments))
            try await planner.handle(Envelope(PaymentFailed(bookingId: nil, account: "999", amountTiyn: 1,
                                                            channel: .invoice, kaspiReference: "q2",
                                                            reason: "kaspi_error", occurredAt: Self.start),
                                              producer: .payments))
            let rows = try await fixture.pool.query(
                "SELECT kind, chat_id, payload->>'text' AS text FROM notifications ORDER BY id"
            ).map { (try $0.decode("kind", as: String.self), try $0.decode("chat_id", as: Int64.self),
                     try $0.decode("text", as: String.self)) }
            #expect(rows.map(\.0) == ["refund_completed_guest", "payment_failed_guest"])
            #expect(rows.allSatisfy { $0.1 == 9301 })
            #expect(rows[0].2.contains("15 000 ₸"))
            #expect(rows[1].2.contains("не прошла"))
        }
    }

    @Test func sendCommandQueuesOnceByItsDedupeKey() async throws {
        try await withNotifierDatabase { fixture in
            let planner = NotificationPlanner(queue: NotificationQueue(database: fixture.pool), lookups: FakeLookups(),
                                              clock: .system)
            let command = SendNotification(chatId: 42, text: "<b>Привет</b>",
                                           buttons: [[NotificationButton(text: "Меню", callbackData: "m:menu")]],
                                           dedupeKey: "admin:1:42")
            try await planner.handle(Envelope(command, producer: .admin))
            try await planner.handle(Envelope(command, producer: .admin))
            #expect(try await fixture.statusCounts() == ["queued": 1])
            let row = try #require(try await fixture.row(dedupeKey: "send:admin:1:42"))
            #expect(try row.decode("payload", as: String.self).contains("m:menu"))
        }
    }
}

@Suite("NotifierFormattingTests")
struct FormattingTests {
    @Test func formatsMoneyDatesAndNights() throws {
        #expect(Formatting.money(1_500_000) == "15 000 ₸")
        #expect(Formatting.money(123_456_789_00) == "123 456 789 ₸")
        #expect(Formatting.money(50) == "0,50 ₸")
        // A date in the current year reads «25.12 14:00»; one in another year carries its year.
        let calendar = BusinessClock.calendar
        let year = calendar.component(.year, from: Date())
        let thisYear = try #require(calendar.date(from: DateComponents(year: year, month: 12, day: 25, hour: 14)))
        let nextYear = try #require(calendar.date(from: DateComponents(year: year + 1, month: 1, day: 5, hour: 14)))
        #expect(Formatting.dateTime(thisYear) == "25.12 14:00")
        #expect(Formatting.dateTime(nextYear) == "05.01.\(year + 1) 14:00")
        #expect(Formatting.date(nextYear) == "05.01.\(year + 1)")
        #expect(Texts.nights(1) == "1 ночь")
        #expect(Texts.nights(3) == "3 ночи")
        #expect(Texts.nights(11) == "11 ночей")
        #expect(Formatting.html("a<b>&") == "a&lt;b&gt;&amp;")
    }

    @Test func classifiesTelegramAnswers() {
        func outcome(_ status: Int, _ json: String) -> SendOutcome {
            TelegramBotSender.classify(status: status, body: Data(json.utf8))
        }
        #expect(outcome(200, #"{"ok":true,"result":{"message_id":7}}"#) == .sent(messageId: 7))
        #expect(outcome(429, #"{"ok":false,"error_code":429,"description":"x","parameters":{"retry_after":3}}"#)
            == .floodLimited(retryAfter: 3))
        #expect(outcome(403, #"{"ok":false,"error_code":403,"description":"Forbidden: bot was blocked by the user"}"#)
            == .permanent("Forbidden: bot was blocked by the user"))
        #expect(outcome(502, "<html>bad gateway</html>") == .transient("HTTP 502"))
        #expect(outcome(500, #"{"ok":false,"error_code":500,"description":"Internal"}"#) == .transient("Internal"))
    }
}
