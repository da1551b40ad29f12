import Contracts
import Database
import Foundation
import Testing
import TestSupport

import Gateway

/// The broker or the database goes away while Kaspi pays a booking: nothing is lost and nothing is credited twice.
/// These stop the machine's shared RabbitMQ / restart its PostgreSQL, so they run serially after everything else
/// (the suite name starts with `Disruptive`).
@Suite(.serialized) struct DisruptiveGuestJourneyTests {
    /// Kaspi's pay re-sent every second for up to a minute; payments gives up on booking after 2 s.
    static let options = JourneyOptions(payments: ["RPC_TIMEOUT": "2s", "KASPI_PAY_LEASE": "4s"],
                                        kaspiSandbox: ["KASPI_SANDBOX_ACCOUNT_RETRY_DELAY": "1s",
                                                       "KASPI_SANDBOX_ACCOUNT_ATTEMPTS": "60"])

    @Test func brokerDownMidPaymentCreditsOnceWhenKaspiResendsAfterItIsBack() async throws {
        try await withPlatform(Self.options) { journey in
            let chat = ChatDriver(bot: journey.bot, userId: 6001)
            let (_, account, sum) = try await holdWithDefaultDates(chat)
            let booking = try await journey.currentBooking(guest: 6001)

            try await TestEnvironment.control("broker", "stop")
            let txnId = String(Int.random(in: 100_000_000...999_999_999))
            do {
                async let outcome = journey.kaspi.payByAccount(account, sum: sum, txnId: txnId, skipCheck: true)
                try await waitUntil("a pay is answered «try again» while the broker is down", deadline: .seconds(60)) {
                    try await journey.kaspi.exchanges(txnId: txnId).contains { exchange in
                        let result = (exchange["answer"] as? [String: Any])?["result"] as? Int
                        return exchange["command"] as? String == "pay" && (result == 4 || exchange["error"] != nil)
                    }
                }
                #expect(try await journey.count("""
                    SELECT count(*)::int AS n FROM payments.payments WHERE booking_id = \(booking.bookingId)
                    """) == 0, "nothing is credited while booking cannot be asked")
                try await TestEnvironment.control("broker", "start")

                let paid = try await outcome
                #expect(paid["outcome"] as? String == "paid", "\(paid)")
                #expect(paid["result"] as? Int == 0)
            } catch {
                try? await TestEnvironment.control("broker", "start")
                throw error
            }
            try await expectAccessDetailsDelivered(journey, chat, booking)
            try await expectCreditedOnce(journey, booking)
            try await expectPaidMessageOnce(journey, chat, booking)
        }
    }

    @Test func databaseRestartDuringPaymentCreditsOnce() async throws {
        try await withPlatform(Self.options) { journey in
            let chat = ChatDriver(bot: journey.bot, userId: 6002)
            let (_, account, sum) = try await holdWithDefaultDates(chat)
            let booking = try await journey.currentBooking(guest: 6002)

            // Kaspi pays while PostgreSQL restarts under every service; whatever each attempt meets, the end is
            // one credited payment, one paid booking, one message.
            let txnId = String(Int.random(in: 100_000_000...999_999_999))
            async let outcome = journey.kaspi.payByAccount(account, sum: sum, txnId: txnId, skipCheck: true)
            try await TestEnvironment.control("database", "restart")
            let paid = try await outcome
            #expect(paid["outcome"] as? String == "paid", "\(paid)")
            #expect(paid["result"] as? Int == 0)

            try await expectAccessDetailsDelivered(journey, chat, booking)
            try await expectCreditedOnce(journey, booking)
            // The same txn_id again after everything settled: the stored answer, not a second credit.
            let replay = try await journey.kaspi.payByAccount(account, sum: sum, txnId: txnId, skipCheck: true)
            #expect(replay["result"] as? Int == 0)
            #expect(replay["prv_txn"] as? String == paid["prv_txn"] as? String)
            try await expectCreditedOnce(journey, booking)
            #expect(try await chat.countMessages { $0.hasPrefix("✅ Оплата получена") } == 1)
        }
    }
}

/// The guest's «Оплата получена» carries the access details, or — when the catalog could not reveal them at that
/// moment (its database was restarting, say) — says they follow and a follow-up brings them; either way exactly once.
func expectAccessDetailsDelivered(_ journey: Journey, _ chat: ChatDriver, _ booking: BookingSummary) async throws {
    let message = try await chat.waitForMessage("Оплата получена") { $0.hasPrefix("✅ Оплата получена") }
    let details = try await journey.accessDetails(booking.apartmentId)
    let paid = try await journey.booking(booking.bookingId)
    if message.text == paidMessage(paid, details) { return }
    #expect(message.text?.contains("пришлём следующим сообщением") == true, "\(message.text ?? "")")
    let followUp = try await chat.waitForMessage("Данные для заселения") {
        $0.contains("Данные для заселения по брони №\(booking.number)")
    }
    for piece in ["Адрес: \(details.address)", "Код домофона: \(details.intercomCode ?? "—")",
                  "Код сейфа: \(details.safeCode ?? "—")"] {
        #expect(followUp.text?.contains(piece) == true, "\(piece)")
    }
    #expect(try await chat.countMessages { $0.contains("Данные для заселения по брони") } == 1)
}
