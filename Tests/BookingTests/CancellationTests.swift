@testable import Booking
import Contracts
import Database
import Foundation
import Messaging
import Testing

/// Cancelling: a hold without refund, a paid booking by the refund tiers, nothing after check-in.
@Suite struct CancellationTests {
    @Test(arguments: [(100.0, 100), (72.0, 100), (71.9, 50), (24.0, 50), (23.9, 0), (0.5, 0)])
    func paidBookingsAreRefundedByTier(hoursBefore: Double, percent: Int) async throws {
        try await withBookingDatabase { booking in
            let checkIn = testNow.addingTimeInterval(hoursBefore * 3600)
            let paid = try await booking.paidBooking(checkIn: checkIn, checkOut: checkIn.addingTimeInterval(2 * 86_400))
            let outcome = try await booking.cancel(paid)
            #expect(outcome.result == .cancelled && outcome.refundPercent == percent)
            let cancelled = try #require(outcome.booking)
            #expect(cancelled.status == .cancelled && cancelled.cancelledAt == testNow)
            #expect(cancelled.refundTiyn == paid.totalTiyn * Int64(percent) / 100)
            let event = try #require(try await booking.outboxEvents(BookingCancelled.self).first)
            #expect(event.wasPaid && event.refundPercent == percent && event.cancelledBy == .guest)
            #expect(event.booking.refundTiyn == cancelled.refundTiyn)
            // Cancelling again answers the same, without a second event.
            let again = try await booking.cancel(paid)
            #expect(again.result == .cancelled && again.refundPercent == percent)
            #expect(try await booking.outboxEvents(BookingCancelled.self).count == 1)
        }
    }

    @Test func aHoldIsCancelledWithoutRefundAndFreesTheDates() async throws {
        try await withBookingDatabase { booking in
            let held = try await booking.heldBooking()
            let outcome = try await booking.cancel(held)
            #expect(outcome.result == .cancelled && outcome.refundPercent == 0)
            #expect(outcome.booking?.refundTiyn == nil && outcome.booking?.status == .cancelled)
            let event = try #require(try await booking.outboxEvents(BookingCancelled.self).first)
            #expect(!event.wasPaid && event.refundPercent == 0)
            let again = try await booking.hold(held.apartmentId, guest: 9, checkIn: held.checkIn, checkOut: held.checkOut)
            #expect(again.result == .held)
        }
    }

    @Test func aStayInProgressOrPastCheckInCannotBeCancelled() async throws {
        try await withBookingDatabase { booking in
            let checkIn = testNow.addingTimeInterval(3600)
            let paid = try await booking.paidBooking(checkIn: checkIn, checkOut: checkIn.addingTimeInterval(86_400))
            booking.clock.set(checkIn.addingTimeInterval(60))
            // Check-in has passed but the scheduler has not run yet: already too late.
            #expect(try await booking.cancel(paid).result == .notCancellable)
            try await booking.engine.scheduler.runDue()
            #expect(try await booking.cancel(paid).result == .notCancellable)
            #expect(try await booking.status(paid.bookingId) == .checkedIn)
        }
    }

    @Test func customTiersApply() async throws {
        try await withBookingDatabase { booking in
            let tiers = try #require(RefundTiers(parsing: "48:80, 0:10"))
            let engine = booking.makeEngine(settings: BookingSettings(holdDuration: .seconds(900), refundTiers: tiers,
                                                                      schedulerInterval: .seconds(1)))
            let checkIn = testNow.addingTimeInterval(30 * 3600)
            let paid = try await booking.paidBooking(checkIn: checkIn, checkOut: checkIn.addingTimeInterval(86_400))
            // The lookup quotes the tiers in force (the gateway's «cancel?» question), largest first.
            let lookup = try await engine.queries.get(GetBooking(bookingId: paid.bookingId, guestId: paid.guestId))
            #expect(lookup.refundTiers == [RefundTier(hoursBefore: 48, percent: 80), RefundTier(hoursBefore: 0, percent: 10)])
            #expect(try await engine.queries.get(GetBooking(bookingId: UUID())).refundTiers == nil)
            let outcome = try await engine.cancellations.cancel(
                request(CancelBooking(bookingId: paid.bookingId, guestId: paid.guestId)), logger: testLogger)
            #expect(outcome.refundPercent == 10)
            #expect(RefundTiers(parsing: "72:100,24:50,0:0") == .standard)
            #expect(RefundTiers(parsing: "72:120") == nil && RefundTiers(parsing: "") == nil
                && RefundTiers(parsing: "x:1") == nil && RefundTiers(parsing: "5:1,5:2") == nil)
        }
    }
}
