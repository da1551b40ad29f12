import Contracts
import Database
import Foundation
@testable import Notifier
import ServiceRuntime
import TestSupport
import Testing

/// A guest who paid always hears about their money at once, whatever the catalog's state; the access details
/// follow as soon as they can be revealed, once; the realtor and the operators are alerted when they stay late.
@Suite("NotifierAccessFallbackTests", .timeLimit(.minutes(5)))
struct AccessFallbackTests {
    static let start = BookingNotificationTests.start

    /// The queue rows of these kinds for `booking`, by kind: (status, attempts).
    static func rows(_ fixture: NotifierFixture, booking: UUID, kinds: [NotificationKind])
        async throws -> [String: (status: String, attempts: Int)]
    {
        var result: [String: (status: String, attempts: Int)] = [:]
        for row in try await fixture.pool.query("""
            SELECT kind, status, attempts FROM notifications
            WHERE booking_id = \(booking) AND kind = ANY(\(kinds.map(\.rawValue)))
            """) {
            result[try row.decode("kind")] = (try row.decode("status"), try row.decode("attempts"))
        }
        return result
    }

    @Test func theConfirmationGoesAtOnceWithoutTheCatalogAndTheDetailsFollowOnceWhenItReturns() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let guest: Int64 = 9701
                let realtor: Int64 = 9751
                try await sandbox.openChats([guest, realtor])
                let clock = ManualClock(Self.start)
                let lookups = FakeLookups() // no access details: the catalog cannot reveal them
                let booking = sampleBooking(status: .paid, guestChat: guest, realtor: realtor)
                lookups.put(booking)
                let planner = NotificationPlanner(queue: NotificationQueue(database: fixture.pool), lookups: lookups,
                                                  clock: clock.businessClock)
                try await planner.handle(Envelope(ApartmentPublished(
                    apartmentId: booking.apartmentId, realtorId: realtor, cityId: 2, districtId: 204,
                    apartmentClass: .comfort, rooms: 2, pricePerNightTiyn: 1_500_000, realtorPhone: "+77011234567",
                    occurredAt: Self.start), producer: .catalog))
                try await planner.handle(Envelope(BookingPaid(booking: booking, paymentReference: "account:1"),
                                                  producer: .booking))

                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client,
                                                clock: clock.businessClock, lookups: lookups, retryBase: 0.05)
                try await withDispatchers([dispatcher]) {
                    try await waitUntil("the guest is told the payment arrived", deadline: .seconds(30)) {
                        try await sandbox.botTexts(guest).count == 1
                    }
                    let confirmation = try #require(try await sandbox.botTexts(guest).first)
                    #expect(confirmation.contains("Оплата получена. Бронь №100042 — Забронировано."))
                    #expect(confirmation.contains("пришлём следующим сообщением"))
                    #expect(confirmation.contains("Телефон риелтора: +77011234567"))
                    #expect(!confirmation.contains("Код домофона"))
                    // The follow-up keeps trying while the catalog is down.
                    try await waitUntil("the follow-up has retried", deadline: .seconds(30)) {
                        try await Self.rows(fixture, booking: booking.bookingId,
                                            kinds: [.accessDetailsGuest])["access_details_guest"]?.attempts ?? 0 >= 3
                    }
                    #expect(try await sandbox.botTexts(guest).count == 1)

                    lookups.put(sampleAccess(apartment: booking.apartmentId)) // the catalog is back
                    try await waitUntil("both guest messages are recorded as sent", deadline: .seconds(30)) {
                        let rows = try await Self.rows(fixture, booking: booking.bookingId,
                                                       kinds: [.bookingPaidGuest, .accessDetailsGuest])
                        return rows.count == 2 && rows.values.allSatisfy { $0.status == "sent" }
                    }
                }
                // Both rows are final and unique (dedupe keys): exactly these two messages reached the guest.
                let texts = try await sandbox.botTexts(guest)
                #expect(texts.count == 2)
                let details = try #require(texts.last)
                #expect(details.contains("Данные для заселения по брони №100042"))
                for piece in ["ул. Кабанбай батыра, 11", "Код домофона: 45К7731", "Код сейфа: 9184", "+77011234567"] {
                    #expect(details.contains(piece), "missing \(piece)")
                }
                #expect(try await sandbox.botTexts(realtor).allSatisfy { !$0.contains("⚠️") })
                // Nothing secret was stored on the way.
                let stored = try await fixture.pool.queryFirst("""
                    SELECT string_agg(payload::text || ' ' || coalesce(last_error, ''), ' | ') AS everything
                    FROM notifications
                    """)?.decode("everything", as: String.self) ?? ""
                #expect(!stored.contains("45К7731") && !stored.contains("9184") && !stored.contains("Кабанбай"))
            }
        }
    }

    @Test func theRealtorAndTheOperatorsAreAlertedOnceWhenTheDetailsStayUnavailable() async throws {
        try await withNotifierDatabase { fixture in
            try await withSandbox { sandbox in
                let guest: Int64 = 9702
                let realtor: Int64 = 9752
                let operatorChat: Int64 = 9799
                try await sandbox.openChats([guest, realtor, operatorChat])
                let clock = ManualClock(Self.start)
                let lookups = FakeLookups()
                let booking = sampleBooking(status: .paid, guestChat: guest, realtor: realtor)
                lookups.put(booking)
                let planner = NotificationPlanner(queue: NotificationQueue(database: fixture.pool), lookups: lookups,
                                                  clock: clock.businessClock)
                try await planner.handle(Envelope(BookingPaid(booking: booking, paymentReference: "account:2"),
                                                  producer: .booking))
                var access = NotificationRenderer.AccessSettings()
                access.alertAfter = 300
                access.operatorChats = [operatorChat, realtor]
                let dispatcher = makeDispatcher(pool: fixture.pool, sandboxURL: sandbox.baseURL, http: sandbox.client,
                                                clock: clock.businessClock, lookups: lookups, retryBase: 0.05,
                                                access: access)
                try await withDispatchers([dispatcher]) {
                    try await waitUntil("the confirmation is sent", deadline: .seconds(30)) {
                        try await sandbox.botTexts(guest).count == 1
                    }
                    #expect(try await sandbox.botTexts(guest).first?.contains("Телефон риелтора придёт вместе с адресом") == true)
                    try await waitUntil("the follow-up has retried", deadline: .seconds(30)) {
                        try await Self.rows(fixture, booking: booking.bookingId,
                                            kinds: [.accessDetailsGuest])["access_details_guest"]?.attempts ?? 0 >= 2
                    }
                    // Not alerted before the threshold.
                    #expect(try await fixture.pool.queryFirst("""
                        SELECT count(*) AS n FROM notifications WHERE kind = 'access_unavailable_alert'
                        """)?.decode("n", as: Int.self) == 0)

                    clock.advance(301)
                    try await waitUntil("realtor and operator alerted", deadline: .seconds(30)) {
                        let realtorCount = try await sandbox.botTexts(realtor).count
                        let operatorCount = try await sandbox.botTexts(operatorChat).count
                        return realtorCount == 2 && operatorCount == 1
                    }
                    // Later retries queue no second alert: wait for three more tries, then count.
                    let tries = try await Self.rows(fixture, booking: booking.bookingId,
                                                    kinds: [.accessDetailsGuest])["access_details_guest"]?.attempts ?? 0
                    try await waitUntil("the follow-up retried after the alert", deadline: .seconds(30)) {
                        try await Self.rows(fixture, booking: booking.bookingId,
                                            kinds: [.accessDetailsGuest])["access_details_guest"]?.attempts ?? 0
                            >= tries + 3
                    }
                    #expect(try await fixture.pool.queryFirst("""
                        SELECT count(*) AS n FROM notifications WHERE kind = 'access_unavailable_alert'
                        """)?.decode("n", as: Int.self) == 2)
                }
                let realtorTexts = try await sandbox.botTexts(realtor)
                #expect(realtorTexts.filter { $0.contains("⚠️ Гость оплатил бронь №100042") }.count == 1)
                #expect(try await sandbox.botTexts(operatorChat).filter { $0.contains("🚨 Бронь №100042") }.count == 1)
                #expect(try await sandbox.botTexts(guest).count == 1)
            }
        }
    }

    @Test func paymentOutcomesReachTheGuestWhileBookingIsDown() async throws {
        try await withNotifierDatabase { fixture in
            let lookups = FakeLookups()
            let booking = sampleBooking(status: .held, guestChat: 9703, holdExpiresAt: Self.start.addingTimeInterval(900))
            let planner = NotificationPlanner(queue: NotificationQueue(database: fixture.pool), lookups: lookups,
                                              clock: ManualClock(Self.start).businessClock)
            try await planner.handle(Envelope(BookingHeld(booking: booking), producer: .booking))
            lookups.failNext(100) // booking does not answer
            try await planner.handle(Envelope(PaymentFailed(
                bookingId: booking.bookingId, account: booking.number, amountTiyn: booking.totalTiyn,
                channel: .account, kaspiReference: "txn:1", reason: "declined", occurredAt: Self.start),
                producer: .payments))
            let row = try #require(try await fixture.pool.queryFirst("""
                SELECT chat_id, payload::text AS payload FROM notifications WHERE kind = 'payment_failed_guest'
                """))
            #expect(try row.decode("chat_id", as: Int64.self) == 9703)
            #expect(try row.decode("payload", as: String.self).contains("100042"))

            // An older event never overwrites a newer one in the notifier's copy.
            var paid = booking
            paid.status = .paid
            try await planner.handle(Envelope(BookingPaid(booking: paid, paymentReference: "account:3"),
                                              producer: .booking, occurredAt: Self.start.addingTimeInterval(60)))
            try await planner.handle(Envelope(BookingHeld(booking: booking), producer: .booking,
                                              occurredAt: Self.start.addingTimeInterval(-60)))
            #expect(try await planner.replicas.booking(booking.bookingId)?.status == .paid)
        }
    }
}
