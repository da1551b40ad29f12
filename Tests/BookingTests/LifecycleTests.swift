@testable import Booking
import Contracts
import Database
import Foundation
import Messaging
import ServiceRuntime
import TestSupport
import Testing

/// The clock moves bookings: holds expire, paid stays check in and complete — also when overdue at start.
@Suite struct LifecycleTests {
    @Test func anExpiredHoldFreesTheDatesAndIsAnnouncedOnce() async throws {
        try await withBookingDatabase { booking in
            let held = try await booking.heldBooking()
            booking.clock.advance(by: 14 * 60)
            #expect(try await booking.engine.scheduler.runDue() == 0)
            #expect(try await booking.status(held.bookingId) == .held)

            booking.clock.advance(by: 60)
            #expect(try await booking.engine.scheduler.runDue() == 1)
            #expect(try await booking.engine.scheduler.runDue() == 0)
            #expect(try await booking.status(held.bookingId) == .expired)
            #expect(try await booking.events(of: held.bookingId) == ["booking.held.v1", "booking.expired.v1"])
            let expired = try await booking.outboxEvents(BookingExpired.self)
            #expect(expired.count == 1 && expired.first?.booking.status == .expired)

            // The dates are free again.
            let busy = try await booking.engine.availability.check(CheckAvailability(
                apartmentIds: [held.apartmentId], checkIn: held.checkIn, checkOut: held.checkOut))
            #expect(busy.busyApartmentIds.isEmpty)
            let again = try await booking.hold(held.apartmentId, guest: 600, checkIn: held.checkIn,
                                               checkOut: held.checkOut)
            #expect(again.result == .held)
        }
    }

    @Test func theStayRunsItsWholeLifeByTheClock() async throws {
        try await withBookingDatabase { booking in
            let checkIn = businessInstant(daysFromToday: 1, hour: 14)
            let checkOut = businessInstant(daysFromToday: 3, hour: 12)
            let held = try await booking.heldBooking(checkIn: checkIn, checkOut: checkOut)
            let paid = try #require(try await booking.settle(held, reference: "account:1001").booking)
            #expect(paid.status == .paid && paid.holdExpiresAt == nil && paid.paidAt != nil)

            // Long after the hold would have expired, a paid booking stays paid until check-in.
            booking.clock.set(checkIn.addingTimeInterval(-1))
            #expect(try await booking.engine.scheduler.runDue() == 0)
            booking.clock.set(checkIn)
            #expect(try await booking.engine.scheduler.runDue() == 1)
            #expect(try await booking.status(held.bookingId) == .checkedIn)
            booking.clock.set(checkOut.addingTimeInterval(3600))
            #expect(try await booking.engine.scheduler.runDue() == 1)
            #expect(try await booking.status(held.bookingId) == .completed)
            #expect(try await booking.events(of: held.bookingId)
                == ["booking.held.v1", "booking.paid.v1", "booking.checked-in.v1", "booking.completed.v1"])
            let paidEvent = try #require(try await booking.outboxEvents(BookingPaid.self).first)
            #expect(paidEvent.paymentReference == "account:1001")

            // It moved to the guest's history.
            let history = try await booking.engine.queries.list(ListGuestBookings(
                guestId: held.guestId, scope: .history, offset: 0, limit: 10))
            #expect(history.bookings.map(\.bookingId) == [held.bookingId] && history.total == 1)
            let current = try await booking.engine.queries.list(ListGuestBookings(
                guestId: held.guestId, scope: .current, offset: 0, limit: 10))
            #expect(current.bookings.isEmpty && current.total == 0)
        }
    }

    @Test func overdueTransitionsRunWhenTheSchedulerStarts() async throws {
        try await withBookingDatabase { booking in
            let checkIn = businessInstant(daysFromToday: 1, hour: 14)
            let checkOut = businessInstant(daysFromToday: 2, hour: 12)
            let stay = try await booking.paidBooking(checkIn: checkIn, checkOut: checkOut)
            let hold = try await booking.heldBooking(guest: 502)
            // The service was down over the whole stay: on start it checks in and completes, in order.
            booking.clock.set(checkOut.addingTimeInterval(86_400))
            let scheduler = booking.engine.scheduler
            let task = Task { await scheduler.run() }
            defer { task.cancel() }
            try await waitUntil("the overdue stay is completed and the hold expired") {
                let stayStatus = try await booking.status(stay.bookingId)
                let holdStatus = try await booking.status(hold.bookingId)
                return stayStatus == .completed && holdStatus == .expired
            }
            task.cancel()
            await task.value
            #expect(try await booking.events(of: stay.bookingId)
                == ["booking.held.v1", "booking.paid.v1", "booking.checked-in.v1", "booking.completed.v1"])
            #expect(try await booking.events(of: hold.bookingId) == ["booking.held.v1", "booking.expired.v1"])
        }
    }

    @Test func severalSchedulersMoveEachBookingOnce() async throws {
        try await withBookingDatabase { booking in
            var ids: [UUID] = []
            for guest in 0..<12 {
                ids.append(try await booking.heldBooking(guest: Int64(700 + guest)).bookingId)
            }
            booking.clock.advance(by: 16 * 60)
            let schedulers = (0..<3).map { _ in booking.makeEngine().scheduler }
            let moved = try await withThrowingTaskGroup(of: Int.self) { group in
                for scheduler in schedulers { group.addTask { try await scheduler.runDue() } }
                return try await group.reduce(0, +)
            }
            #expect(moved == 12)
            #expect(try await booking.outboxEvents(BookingExpired.self).count == 12)
        }
    }

    @Test func theStateMachineAllowsOnlyTheLifecycleMoves() {
        let legal: Set<String> = ["pay:held", "check_in:paid", "complete:checked_in", "expire:held", "cancel:held",
                                  "cancel:paid", "no_show:paid", "no_show:checked_in"]
        for transition in BookingTransition.allCases {
            for status in BookingStatus.allCases {
                let key = "\(transition.rawValue):\(status.rawValue)"
                #expect(BookingStateMachine.isLegal(transition, from: status) == legal.contains(key), "\(key)")
            }
        }
        #expect(BookingStateMachine.target(of: .pay, from: .held) == .paid)
        #expect(BookingStateMachine.target(of: .cancel, from: .paid) == .cancelled)
        #expect(BookingStateMachine.target(of: .noShow, from: .checkedIn) == .noShow)
    }

    @Test func illegalTransitionsAreRejectedAndChangeNothing() async throws {
        try await withBookingDatabase { booking in
            let held = try await booking.heldBooking()
            let transitions = BookingTransitions(outbox: booking.outbox)
            let before = try await booking.events()
            for transition in [BookingTransition.checkIn, .complete] {
                await #expect(throws: IllegalBookingTransition(transition: transition, status: .held)) {
                    try await booking.pool.withTransaction { transaction in
                        let row = try #require(try await BookingRepository().find(held.bookingId, on: transaction,
                                                                                  forUpdate: true))
                        _ = try await transitions.apply(transition, to: row, at: booking.clock.now, in: transaction)
                    }
                }
            }
            // A stale copy (already expired in the database) cannot be moved either: the guarded update refuses.
            booking.clock.advance(by: 20 * 60)
            let stale = try #require(try await BookingRepository().find(held.bookingId, on: booking.pool))
            try await booking.engine.scheduler.runDue()
            await #expect(throws: IllegalBookingTransition.self) {
                try await booking.pool.withTransaction { transaction in
                    _ = try await transitions.apply(.cancel, to: stale, at: booking.clock.now, in: transaction)
                }
            }
            #expect(try await booking.status(held.bookingId) == .expired)
            #expect(try await booking.events() == before + ["booking.expired.v1"])
            // Cancelling an expired booking is refused as not cancellable.
            #expect(try await booking.cancel(held).result == .notCancellable)
        }
    }
}
