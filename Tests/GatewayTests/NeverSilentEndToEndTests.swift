import Contracts
import Database
import Foundation
import Gateway
import Testing
import TestSupport

/// A paying guest is never left in silence: a payment that lands while the catalog is down is confirmed at once,
/// and the access details follow when it is back — each message exactly once, every reveal audited.
@Suite struct NeverSilentEndToEndTests {
    @Test func aPaymentWhileTheCatalogIsStoppedIsConfirmedAtOnceAndTheDetailsFollowWhenItReturns() async throws {
        try await withPlatform(JourneyOptions(notifier: ["NOTIFIER_ACCESS_REVEAL_TIMEOUT": "2s"])) { journey in
            let chat = ChatDriver(bot: journey.bot, userId: 5301)
            let (_, account, sum) = try await holdWithDefaultDates(chat)
            let booking = try await journey.currentBooking(guest: 5301)
            let details = try await journey.accessDetails(booking.apartmentId)

            #expect(await journey.services.process(.catalog)?.terminate() == 0)
            let paid = try await journey.kaspi.payByAccount(account, sum: sum)
            #expect(paid["outcome"] as? String == "paid", "\(paid)")

            let confirmation = try await chat.waitForMessage("Оплата получена", deadline: .seconds(30)) {
                $0.hasPrefix("✅ Оплата получена")
            }
            let text = confirmation.text ?? ""
            #expect(text.contains("Бронь №\(account) — Забронировано"), "\(text)")
            #expect(text.contains("пришлём следующим сообщением"), "\(text)")
            #expect(text.contains("Телефон риелтора: \(details.realtorPhone)"), "\(text)")
            #expect(!text.contains("Код домофона"), "\(text)")

            try await journey.services.start(.catalog)
            let followUp = try await chat.waitForMessage("Данные для заселения") {
                $0.contains("Данные для заселения по брони №\(account)")
            }
            for piece in ["Адрес: \(details.address)", "Код домофона: \(details.intercomCode ?? "—")",
                          "Код сейфа: \(details.safeCode ?? "—")", "Телефон риелтора: \(details.realtorPhone)"] {
                #expect(followUp.text?.contains(piece) == true, "\(piece)")
            }

            // Both queue rows are final and unique by their dedupe keys: nothing more can be sent for them.
            let rows = try await journey.platform.database.adminPool.query("""
                SELECT kind, status FROM notifier.notifications
                WHERE booking_id = \(booking.bookingId) AND kind IN ('booking_paid_guest', 'access_details_guest')
                ORDER BY kind
                """)
            #expect(try rows.map { "\(try $0.decode("kind", as: String.self)):\(try $0.decode("status", as: String.self))" }
                    == ["access_details_guest:sent", "booking_paid_guest:sent"])
            #expect(try await chat.countMessages { $0.hasPrefix("✅ Оплата получена") } == 1)
            #expect(try await chat.countMessages { $0.contains("Данные для заселения по брони") } == 1)
            // The one reveal to the guest that happened is audited (the catalog was down for the others).
            #expect(try await journey.count("""
                SELECT count(*)::int AS n FROM catalog.access_audit
                WHERE booking_id = \(booking.bookingId) AND requester_role = 'guest' AND purpose = 'booking_paid'
                  AND granted
                """) == 1)
        }
    }
}
