import Contracts
import Database
import Foundation
import Messaging
import ServiceRuntime
import TestSupport
import Testing

/// The real `booking` executable: its migrations under the booking role, the scheduler, the clock shift.
@Suite struct BookingServiceTests {
    /// Tomorrow (by the real business calendar) at `hour`:00 local time, plus `days`.
    static func upcoming(days: Int, hour: Int) -> Date {
        let calendar = BusinessClock.calendar
        let tomorrow = calendar.date(byAdding: .day, value: 1 + days, to: calendar.startOfDay(for: Date()))!
        return calendar.date(bySettingHour: hour, minute: 0, second: 0, of: tomorrow)!
    }

    static func awaitReady(_ process: ServiceProcess) async throws {
        try await waitUntil("\(process.name) is ready", diagnostics: { process.log }) {
            (try? await HTTPProbe.get("http://127.0.0.1:\(process.port)/readyz"))?.status == 200
        }
    }

    @Test func aShiftedClockRunsTheWholeStayAfterARestart() async throws {
        try await PlatformHarness.with { platform in
            let settings = ["BOOKING_SCHEDULER_INTERVAL": "200ms"]
            var booking = try await platform.start(.booking, overrides: settings)
            try await Self.awaitReady(booking)
            let apartmentId = UUID()
            try await platform.database.adminPool.execute("""
                INSERT INTO booking.apartments (apartment_id, realtor_id, price_per_night_tiyn, listed,
                                                source_occurred_at, listed_occurred_at)
                VALUES (\(apartmentId), 31, 1500000, true, now(), now())
                """)
            let client = MessageBus(configuration: try BusConfiguration(url: platform.broker.amqpURL,
                                                                        service: .gateway, rpcTimeout: .seconds(20)),
                                    logger: testLogger)
            let checkIn = Self.upcoming(days: 0, hour: 14)
            let checkOut = Self.upcoming(days: 2, hour: 12)
            func hold(guest: Int64, _ checkIn: Date, _ checkOut: Date) async throws -> BookingSummary {
                let outcome = try await client.request(Envelope(PlaceHold(
                    requestId: UUID(), apartmentId: apartmentId, guestId: guest, guestChatId: guest, checkIn: checkIn,
                    checkOut: checkOut), producer: .gateway)).payload
                return try #require(outcome.booking, "\(outcome.result)")
            }
            let stay = try await hold(guest: 1, checkIn, checkOut)
            let unpaid = try await hold(guest: 2, Self.upcoming(days: 5, hour: 14), Self.upcoming(days: 6, hour: 12))
            #expect(stay.totalTiyn == 3_000_000 && stay.nights == 2)
            let settled = try await client.request(Envelope(SettlePayment(
                account: stay.number, amountTiyn: stay.totalTiyn, paymentReference: "account:1", paidAt: Date()),
                producer: .payments)).payload
            #expect(settled.result == .settled)
            #expect(await booking.terminate() == 0)

            // «The service was down» over the whole stay: with the clock four days ahead, the start catches up.
            booking = try await platform.start(.booking, overrides: settings.merging(["ZG_CLOCK_SHIFT": "+4d"]) { $1 })
            try await waitUntil("the stay completed and the hold expired", diagnostics: { booking.log }) {
                let statuses = try await platform.database.adminPool.query("""
                    SELECT status FROM booking.stays WHERE id IN (\(stay.bookingId), \(unpaid.bookingId)) ORDER BY number
                    """).map { try $0.decode("status", as: String.self) }
                return statuses == ["completed", "expired"]
            }
            let types = try await platform.database.adminPool.query("""
                SELECT message_type FROM booking.outbox WHERE message_type LIKE 'booking.%' ORDER BY id
                """).map { try $0.decode("message_type", as: String.self) }
            #expect(types == ["booking.held.v1", "booking.held.v1", "booking.paid.v1", "booking.checked-in.v1",
                              "booking.completed.v1", "booking.expired.v1"])
            await client.shutdown()
            #expect(await booking.terminate() == 0)
        }
    }

    @Test(arguments: [["ZHILYEGO_ENV": "production", "ZG_CLOCK_SHIFT": "+1d"],
                      ["BOOKING_REFUND_TIERS": "72:150"], ["BOOKING_HOLD_MINUTES": "0"]])
    func refusesBadSettings(overrides: [String: String]) async throws {
        try await PlatformHarness.with { platform in
            let port = try ServiceProcess.freePort()
            let process = try ServiceProcess(name: "booking", port: port,
                                             environment: platform.environment(for: .booking, port: port,
                                                                               overrides: overrides))
            #expect(await process.waitForExit(deadline: .seconds(60)) == 78, "\(process.log)")
            let variable = overrides.keys.first { $0 != "ZHILYEGO_ENV" } ?? ""
            #expect(process.log.contains(variable), "\(process.log)")
        }
    }
}
