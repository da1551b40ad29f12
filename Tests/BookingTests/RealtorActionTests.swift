@testable import Booking
import Contracts
import Database
import Foundation
import Messaging
import Testing

/// What a host does with their bookings: cancel one (the guest is refunded in full) and rate the guest after the
/// stay. The role matrix is table-driven: the owning realtor and a superadmin may, another realtor and a guest not.
@Suite struct RealtorActionTests {
    static let owner: Int64 = 77
    static let matrix: [(AccessRequester, Bool)] = [
        (AccessRequester(role: .realtor, userId: 77), true),
        (AccessRequester(role: .superadmin, userId: 5), true),
        (AccessRequester(role: .realtor, userId: 78), false),
        (AccessRequester(role: .guest, userId: 77), false),
    ]

    func cancel(_ booking: BookingFixture, _ summary: BookingSummary, as actor: AccessRequester) async throws
        -> CancelOutcome
    {
        try await booking.engine.cancellations.cancel(
            request(CancelBooking(bookingId: summary.bookingId, guestId: 0, actor: actor)), logger: testLogger)
    }

    func completedBooking(_ booking: BookingFixture) async throws -> BookingSummary {
        let checkIn = businessInstant(daysFromToday: 1, hour: 14)
        let checkOut = businessInstant(daysFromToday: 2, hour: 12)
        let paid = try await booking.paidBooking(checkIn: checkIn, checkOut: checkOut)
        booking.clock.set(checkIn)
        _ = try await booking.engine.scheduler.runDue()
        booking.clock.set(checkOut.addingTimeInterval(60))
        _ = try await booking.engine.scheduler.runDue()
        #expect(try await booking.status(paid.bookingId) == .completed)
        return paid
    }

    func rate(_ booking: BookingFixture, _ summary: BookingSummary, as actor: AccessRequester, rating: Int = 4,
              violation: Bool = false, comment: String? = nil) async throws -> GuestRatingOutcome
    {
        try await booking.engine.ratings.rate(request(RateGuest(bookingId: summary.bookingId, actor: actor,
                                                                rating: rating, violation: violation,
                                                                comment: comment)),
                                              logger: testLogger)
    }

    @Test(arguments: matrix)
    func theHostCancelsAPaidBookingWithAFullRefund(actor: AccessRequester, allowed: Bool) async throws {
        try await withBookingDatabase { booking in
            // Two days ahead: the guest's own tiers would give 50 %.
            let paid = try await booking.paidBooking(checkIn: businessInstant(daysFromToday: 2, hour: 14),
                                                     checkOut: businessInstant(daysFromToday: 4, hour: 12))
            let outcome = try await cancel(booking, paid, as: actor)
            if allowed {
                #expect(outcome.result == .cancelled && outcome.refundPercent == 100)
                #expect(outcome.booking?.refundTiyn == paid.totalTiyn)
                let event = try #require(try await booking.outboxEvents(BookingCancelled.self).first)
                #expect(event.cancelledBy == (actor.role == .superadmin ? .superadmin : .realtor))
                #expect(event.wasPaid && event.refundPercent == 100)
            } else {
                #expect(outcome.result == .notFound && outcome.booking == nil)
                #expect(try await booking.status(paid.bookingId) == .paid)
            }
        }
    }

    @Test func theHostCannotCancelAStayInProgress() async throws {
        try await withBookingDatabase { booking in
            let checkIn = businessInstant(daysFromToday: 1, hour: 14)
            let paid = try await booking.paidBooking(checkIn: checkIn, checkOut: businessInstant(daysFromToday: 3, hour: 12))
            booking.clock.set(checkIn)
            _ = try await booking.engine.scheduler.runDue()
            let outcome = try await cancel(booking, paid, as: AccessRequester(role: .realtor, userId: Self.owner))
            #expect(outcome.result == .notCancellable)
        }
    }

    @Test(arguments: matrix)
    func theHostRatesTheGuestOnceAfterTheStay(actor: AccessRequester, allowed: Bool) async throws {
        try await withBookingDatabase { booking in
            let stay = try await completedBooking(booking)
            let outcome = try await rate(booking, stay, as: actor, rating: 2, violation: true, comment: "Курили в квартире")
            #expect(outcome.result == (allowed ? .rated : .notFound))
            let events = try await booking.outboxEvents(GuestRated.self)
            if allowed {
                #expect(events.count == 1)
                #expect(events.first?.rating == 2 && events.first?.violation == true && events.first?.guestId == stay.guestId)
                #expect(try await rate(booking, stay, as: actor, rating: 5).result == .alreadyRated)
                #expect(try await booking.outboxEvents(GuestRated.self).count == 1)
            } else {
                #expect(events.isEmpty)
            }
        }
    }

    @Test func onlyFinishedStaysAreRatedAndBadRatingsAreRefused() async throws {
        try await withBookingDatabase { booking in
            let host = AccessRequester(role: .realtor, userId: Self.owner)
            let paid = try await booking.paidBooking()
            #expect(try await rate(booking, paid, as: host).result == .notRateable)
            let stay = try await completedBooking(booking)
            for rating in [0, 6, -1] {
                #expect(try await rate(booking, stay, as: host, rating: rating).result == .invalid)
            }
            #expect(try await rate(booking, stay, as: host, comment: String(repeating: "а", count: 501)).result == .invalid)
            #expect(try await rate(booking, stay, as: host, rating: 5).result == .rated)
        }
    }

    func markNoShow(_ booking: BookingFixture, _ summary: BookingSummary, as actor: AccessRequester) async throws
        -> NoShowOutcome
    {
        try await booking.engine.noShows.mark(request(MarkNoShow(bookingId: summary.bookingId, actor: actor)),
                                              logger: testLogger)
    }

    @Test(arguments: matrix)
    func theHostMarksANoShowOnTheCheckInDayAndTheNightsAreFreeAgain(actor: AccessRequester, allowed: Bool)
        async throws
    {
        try await withBookingDatabase { booking in
            let checkIn = businessInstant(daysFromToday: 1, hour: 14)
            let checkOut = businessInstant(daysFromToday: 4, hour: 12)
            let paid = try await booking.paidBooking(checkIn: checkIn, checkOut: checkOut)
            // The day before: too early for anyone.
            #expect(try await markNoShow(booking, paid, as: AccessRequester(role: .superadmin, userId: 5)).result
                    == .tooEarlyOrLate)
            booking.clock.set(checkIn.addingTimeInterval(3 * 3600))
            _ = try await booking.engine.scheduler.runDue() // the clock checked the stay in
            let outcome = try await markNoShow(booking, paid, as: actor)
            guard allowed else {
                #expect(outcome.result == .notFound)
                #expect(try await booking.status(paid.bookingId) == .checkedIn)
                return
            }
            #expect(outcome.result == .marked && outcome.booking?.status == .noShow)
            #expect(try await markNoShow(booking, paid, as: actor).result == .marked) // again: the same answer
            let events = try await booking.outboxEvents(BookingNoShow.self)
            #expect(events.count == 1 && events.first?.markedBy == actor.userId)
            // The remaining nights can be booked again; the scheduler leaves the booking alone.
            let rebook = try await booking.hold(paid.apartmentId, guest: 777,
                                                checkIn: businessInstant(daysFromToday: 2, hour: 14),
                                                checkOut: checkOut)
            #expect(rebook.result == .held)
            booking.clock.set(checkOut.addingTimeInterval(3600))
            _ = try await booking.engine.scheduler.runDue()
            #expect(try await booking.status(paid.bookingId) == .noShow)
        }
    }

    @Test func aNoShowCannotFollowTheEndOfTheStayOrAnUnpaidHold() async throws {
        try await withBookingDatabase { booking in
            let host = AccessRequester(role: .realtor, userId: Self.owner)
            let stay = try await completedBooking(booking)
            #expect(try await markNoShow(booking, stay, as: host).result == .tooEarlyOrLate)
            let held = try await booking.heldBooking(checkIn: businessInstant(daysFromToday: 5, hour: 14),
                                                     checkOut: businessInstant(daysFromToday: 6, hour: 12))
            booking.clock.set(businessInstant(daysFromToday: 5, hour: 9))
            #expect(try await markNoShow(booking, held, as: host).result == .tooEarlyOrLate)
        }
    }
}
