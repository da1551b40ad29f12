@testable import Booking
import Contracts
import Database
import Foundation
import Messaging
import Testing

/// Placing holds: dates, prices, overlaps, idempotency and the apartment replica.
@Suite struct HoldTests {
    @Test func holdsTheDatesAndPricesTheNights() async throws {
        try await withBookingDatabase { booking in
            let apartment = booking.makeApartment(pricePerNightTiyn: 1_500_000)
            let checkIn = businessInstant(daysFromToday: 0, hour: 14)
            let checkOut = businessInstant(daysFromToday: 3, hour: 12)
            let outcome = try await booking.hold(apartment.apartmentId, guest: 42, checkIn: checkIn, checkOut: checkOut)
            #expect(outcome.result == .held)
            let held = try #require(outcome.booking)
            #expect(held.nights == 3 && held.pricePerNightTiyn == 1_500_000 && held.totalTiyn == 4_500_000)
            #expect(held.status == .held && held.guestId == 42 && held.guestChatId == 1_000_042)
            #expect(held.realtorId == apartment.realtorId)
            #expect(held.holdExpiresAt == testNow.addingTimeInterval(15 * 60))
            #expect(held.number == "100001" && held.number.allSatisfy(\.isNumber))
            #expect(try await booking.events() == ["booking.held.v1"])
            let second = try await booking.heldBooking()
            #expect(second.number == "100002")
        }
    }

    @Test(arguments: [
        // check-in on an earlier business date (yesterday 23:00 local time)
        (businessInstant(daysFromToday: -1, hour: 23), businessInstant(daysFromToday: 1, hour: 12),
         HoldOutcome.DateProblem.checkInInPast),
        (businessInstant(daysFromToday: 2, hour: 14), businessInstant(daysFromToday: 2, hour: 14), .checkOutNotAfterCheckIn),
        (businessInstant(daysFromToday: 2, hour: 14), businessInstant(daysFromToday: 1, hour: 12), .checkOutNotAfterCheckIn),
        (businessInstant(daysFromToday: 2, hour: 1), businessInstant(daysFromToday: 2, hour: 23), .tooShort),
        (businessInstant(daysFromToday: 1, hour: 14), businessInstant(daysFromToday: 32, hour: 12), .tooLong),
    ])
    func refusesInvalidDates(checkIn: Date, checkOut: Date, problem: HoldOutcome.DateProblem) async throws {
        try await withBookingDatabase { booking in
            let apartment = booking.makeApartment()
            let outcome = try await booking.hold(apartment.apartmentId, checkIn: checkIn, checkOut: checkOut)
            #expect(outcome.result == .invalidDates)
            #expect(outcome.dateProblem == problem)
            #expect(outcome.booking == nil)
            #expect(try await booking.events().isEmpty)
        }
    }

    @Test func acceptsThirtyNightsAndACheckInEarlierToday() {
        // 09:00 local now, check-in today 08:00 (earlier today) for 30 nights.
        let checkIn = businessInstant(daysFromToday: 0, hour: 8)
        let checkOut = businessInstant(daysFromToday: 30, hour: 8)
        let result = StayDates.validate(checkIn: checkIn, checkOut: checkOut, now: testNow)
        #expect(result == .valid(StayDates(checkIn: checkIn, checkOut: checkOut, nights: 30)))
        // Four hours more started a 31st day.
        #expect(StayDates.validate(checkIn: checkIn, checkOut: businessInstant(daysFromToday: 30, hour: 12), now: testNow)
            == .invalid(.tooLong))
        // Nights count business dates in UTC+5: 23:30 → 00:30 next day local is one night.
        let late = businessInstant(daysFromToday: 1, hour: 23, minute: 30)
        let early = businessInstant(daysFromToday: 2, hour: 0, minute: 30)
        #expect(StayDates.validate(checkIn: late, checkOut: early, now: testNow)
            == .valid(StayDates(checkIn: late, checkOut: early, nights: 1)))
    }

    @Test func aGuestMayHaveOnlySoManyUnpaidHoldsAtOnce() async throws {
        try await withBookingDatabase { booking in
            let guest: Int64 = 777
            func hold(day: Int, requestId: UUID = UUID()) async throws -> HoldOutcome {
                try await booking.hold(booking.makeApartment().apartmentId, guest: guest,
                                       checkIn: businessInstant(daysFromToday: day, hour: 14),
                                       checkOut: businessInstant(daysFromToday: day + 1, hour: 12), requestId: requestId)
            }
            let firstRequest = UUID()
            var held: [BookingSummary] = []
            for day in 1...BookingSettings.defaultMaxActiveHolds {
                let outcome = try await hold(day: day, requestId: day == 1 ? firstRequest : UUID())
                held.append(try #require(outcome.booking))
            }
            let refused = try await hold(day: 10)
            #expect(refused.result == .tooManyHolds && refused.booking == nil)
            // Other guests are not affected, and a repeated request still answers its hold.
            #expect(try await booking.hold(booking.makeApartment().apartmentId, guest: guest + 1,
                                           checkIn: businessInstant(daysFromToday: 10, hour: 14),
                                           checkOut: businessInstant(daysFromToday: 11, hour: 12)).result == .held)
            #expect(try await hold(day: 1, requestId: firstRequest).booking?.bookingId == held[0].bookingId)
            // A cancelled hold frees a place.
            #expect(try await booking.cancel(held[0]).result == .cancelled)
            #expect(try await hold(day: 10).result == .held)
            #expect(try await hold(day: 11).result == .tooManyHolds)
            // Holds past their expiry do not count, even before the scheduler marks them expired.
            booking.clock.advance(by: 16 * 60)
            #expect(try await hold(day: 11).result == .held)
            #expect(try await booking.pool.queryFirst("""
                SELECT count(*) AS n FROM stays WHERE guest_id = \(guest) AND status = 'held'
                """)?.decode("n", as: Int.self) == BookingSettings.defaultMaxActiveHolds + 1)
        }
    }

    @Test func everyStartedDayIsANight() {
        // In at 00:00, out at 23:59 the next day: one date apart, but two days blocked — two nights.
        let midnight = businessInstant(daysFromToday: 3, hour: 0)
        let lateNext = businessInstant(daysFromToday: 4, hour: 23, minute: 59)
        #expect(StayDates.validate(checkIn: midnight, checkOut: lateNext, now: testNow)
            == .valid(StayDates(checkIn: midnight, checkOut: lateNext, nights: 2)))
        // The usual times: 14:00 → 12:00 two dates later is two nights; an hour past 14:00 starts a third day.
        let checkIn = businessInstant(daysFromToday: 3, hour: 14)
        let usual = businessInstant(daysFromToday: 5, hour: 12)
        let late = businessInstant(daysFromToday: 5, hour: 15)
        #expect(StayDates.validate(checkIn: checkIn, checkOut: usual, now: testNow)
            == .valid(StayDates(checkIn: checkIn, checkOut: usual, nights: 2)))
        #expect(StayDates.validate(checkIn: checkIn, checkOut: late, now: testNow)
            == .valid(StayDates(checkIn: checkIn, checkOut: late, nights: 3)))
        // Still at least one date apart: a day stay is not a night.
        #expect(StayDates.validate(checkIn: checkIn, checkOut: businessInstant(daysFromToday: 3, hour: 23), now: testNow)
            == .invalid(.tooShort))
    }

    @Test func overlappingStaysAreUnavailableButAdjacentOnesAreFine() async throws {
        try await withBookingDatabase { booking in
            let apartment = booking.makeApartment()
            let id = apartment.apartmentId
            let first = try await booking.hold(id, guest: 1, checkIn: businessInstant(daysFromToday: 3, hour: 14),
                                               checkOut: businessInstant(daysFromToday: 5, hour: 12))
            #expect(first.result == .held)
            let overlapping = try await booking.hold(id, guest: 2, checkIn: businessInstant(daysFromToday: 4, hour: 14),
                                                     checkOut: businessInstant(daysFromToday: 6, hour: 12))
            #expect(overlapping.result == .unavailable && overlapping.booking == nil)
            let inside = try await booking.hold(id, guest: 3, checkIn: businessInstant(daysFromToday: 3, hour: 18),
                                                checkOut: businessInstant(daysFromToday: 4, hour: 10))
            #expect(inside.result == .unavailable)
            // Check-out 12:00 and the next check-in 12:00 the same day: [) periods touch without overlapping.
            let after = try await booking.hold(id, guest: 4, checkIn: businessInstant(daysFromToday: 5, hour: 12),
                                               checkOut: businessInstant(daysFromToday: 6, hour: 12))
            #expect(after.result == .held)
            let before = try await booking.hold(id, guest: 5, checkIn: businessInstant(daysFromToday: 1, hour: 14),
                                                checkOut: businessInstant(daysFromToday: 3, hour: 14))
            #expect(before.result == .held)
            // Another apartment on the same dates is free.
            let other = booking.makeApartment()
            let elsewhere = try await booking.hold(other.apartmentId, guest: 2,
                                                   checkIn: businessInstant(daysFromToday: 4, hour: 14),
                                                   checkOut: businessInstant(daysFromToday: 6, hour: 12))
            #expect(elsewhere.result == .held)
            let busy = try await booking.engine.availability.check(CheckAvailability(
                apartmentIds: [id, other.apartmentId, UUID()], checkIn: businessInstant(daysFromToday: 8, hour: 14),
                checkOut: businessInstant(daysFromToday: 9, hour: 12)))
            #expect(busy.busyApartmentIds.isEmpty)
            let overlap = try await booking.engine.availability.check(CheckAvailability(
                apartmentIds: [id, other.apartmentId], checkIn: businessInstant(daysFromToday: 4, hour: 14),
                checkOut: businessInstant(daysFromToday: 5, hour: 12)))
            #expect(Set(overlap.busyApartmentIds) == [id, other.apartmentId])
        }
    }

    @Test func aRealtorsBlockMakesTheDatesUnavailable() async throws {
        try await withBookingDatabase { booking in
            let apartment = booking.makeApartment()
            try await booking.pool.execute("""
                INSERT INTO stays (id, kind, apartment_id, period, status, realtor_id, block_reason)
                VALUES (\(UUID()), 'block', \(apartment.apartmentId),
                        tstzrange(\(businessInstant(daysFromToday: 2, hour: 0)), \(businessInstant(daysFromToday: 4, hour: 0)), '[)'),
                        'blocked', \(apartment.realtorId), 'repair')
                """)
            let outcome = try await booking.hold(apartment.apartmentId, checkIn: businessInstant(daysFromToday: 3, hour: 14),
                                                 checkOut: businessInstant(daysFromToday: 5, hour: 12))
            #expect(outcome.result == .unavailable)
            let busy = try await booking.engine.availability.check(CheckAvailability(
                apartmentIds: [apartment.apartmentId], checkIn: businessInstant(daysFromToday: 2, hour: 14),
                checkOut: businessInstant(daysFromToday: 3, hour: 12)))
            #expect(busy.busyApartmentIds == [apartment.apartmentId])
        }
    }

    @Test func repeatingARequestAnswersTheSameHold() async throws {
        try await withBookingDatabase { booking in
            let apartment = booking.makeApartment()
            let requestId = UUID()
            let checkIn = businessInstant(daysFromToday: 1, hour: 14)
            let checkOut = businessInstant(daysFromToday: 2, hour: 12)
            let first = try await booking.hold(apartment.apartmentId, checkIn: checkIn, checkOut: checkOut,
                                               requestId: requestId)
            async let second = booking.hold(apartment.apartmentId, checkIn: checkIn, checkOut: checkOut,
                                            requestId: requestId)
            async let third = booking.hold(apartment.apartmentId, checkIn: checkIn, checkOut: checkOut,
                                           requestId: requestId)
            let repeats = try await [second, third]
            #expect(repeats.allSatisfy { $0.result == .held && $0.booking?.bookingId == first.booking?.bookingId })
            #expect(try await booking.events() == ["booking.held.v1"])
            // Also once the check-in day has passed by the business clock, when a fresh request is refused.
            booking.clock.advance(by: 3 * 24 * 3600)
            let late = try await booking.hold(apartment.apartmentId, checkIn: checkIn, checkOut: checkOut,
                                              requestId: requestId)
            #expect(late.result == .held && late.booking?.bookingId == first.booking?.bookingId)
            #expect(try await booking.hold(apartment.apartmentId, checkIn: checkIn, checkOut: checkOut).result
                == .invalidDates)
        }
    }

    /// A repeat is answered from the hold its first attempt placed even where a fresh request would now be
    /// refused: here the apartment was hidden since (past dates: ``repeatingARequestAnswersTheSameHold``).
    @Test func aRepeatedRequestIsAnsweredWithItsHoldAfterTheApartmentWasHidden() async throws {
        try await withBookingDatabase { booking in
            let hidden = booking.makeApartment()
            let hiddenRequest = UUID()
            let later = (businessInstant(daysFromToday: 5, hour: 14), businessInstant(daysFromToday: 6, hour: 12))
            let placed = try await booking.hold(hidden.apartmentId, checkIn: later.0, checkOut: later.1,
                                                requestId: hiddenRequest)
            try await booking.pool.execute("""
                UPDATE apartments SET listed = false WHERE apartment_id = \(hidden.apartmentId)
                """)
            let repeated = try await booking.hold(hidden.apartmentId, checkIn: later.0, checkOut: later.1,
                                                  requestId: hiddenRequest)
            #expect(repeated.result == .held && repeated.booking?.bookingId == placed.booking?.bookingId)
            #expect(try await booking.hold(hidden.apartmentId, checkIn: later.0, checkOut: later.1).result
                == .apartmentUnavailable)
            #expect(try await booking.events() == ["booking.held.v1"])
        }
    }

    @Test func unknownOrHiddenApartmentsCannotBeHeld() async throws {
        try await withBookingDatabase { booking in
            let dates = (businessInstant(daysFromToday: 1, hour: 14), businessInstant(daysFromToday: 2, hour: 12))
            let unknown = try await booking.hold(UUID(), checkIn: dates.0, checkOut: dates.1)
            #expect(unknown.result == .apartmentUnavailable)
            let hidden = booking.makeApartment(listed: false)
            #expect(try await booking.hold(hidden.apartmentId, checkIn: dates.0, checkOut: dates.1).result
                == .apartmentUnavailable)
        }
    }

    @Test func theReplicaFollowsCatalogEventsAndFallsBackToTheCatalogOnce() async throws {
        try await withBookingDatabase { booking in
            let replica = booking.engine.replica
            let dates = (businessInstant(daysFromToday: 1, hour: 14), businessInstant(daysFromToday: 2, hour: 12))
            // Unknown to the replica: asked from the catalog once, then remembered.
            let fetched = booking.makeApartment(pricePerNightTiyn: 900_000)
            #expect(try await booking.hold(fetched.apartmentId, checkIn: dates.0, checkOut: dates.1).result == .held)
            #expect(try await booking.hold(fetched.apartmentId, guest: 9, checkIn: dates.1,
                                           checkOut: businessInstant(daysFromToday: 3, hour: 12)).result == .held)
            #expect(booking.catalog.calls == 1)

            // Published through events: the catalog is never asked; updates change the price, hiding refuses holds.
            let id = UUID()
            let t0 = testNow
            try await replica.published(Envelope(ApartmentPublished(
                apartmentId: id, realtorId: 5, cityId: 2, districtId: 204, apartmentClass: .comfort, rooms: 2,
                pricePerNightTiyn: 1_000_000, occurredAt: t0), producer: .catalog))
            try await replica.updated(Envelope(ApartmentUpdated(
                apartmentId: id, realtorId: 5, cityId: 2, districtId: 204, apartmentClass: .comfort, rooms: 2,
                pricePerNightTiyn: 1_200_000, occurredAt: t0.addingTimeInterval(60)), producer: .catalog))
            // An older update arriving late changes nothing.
            try await replica.updated(Envelope(ApartmentUpdated(
                apartmentId: id, realtorId: 5, cityId: 2, districtId: 204, apartmentClass: .comfort, rooms: 2,
                pricePerNightTiyn: 1_100_000, occurredAt: t0.addingTimeInterval(30)), producer: .catalog))
            let held = try await booking.hold(id, checkIn: dates.0, checkOut: dates.1)
            #expect(held.booking?.pricePerNightTiyn == 1_200_000 && held.booking?.realtorId == 5)
            try await replica.hidden(Envelope(ApartmentHidden(
                apartmentId: id, realtorId: 5, cityId: 2, districtId: 204, apartmentClass: .comfort, rooms: 2,
                pricePerNightTiyn: 1_200_000, occurredAt: t0.addingTimeInterval(120)), producer: .catalog))
            #expect(try await booking.hold(id, checkIn: dates.1, checkOut: businessInstant(daysFromToday: 3, hour: 12))
                .result == .apartmentUnavailable)
            #expect(booking.catalog.calls == 1)
        }
    }
}
