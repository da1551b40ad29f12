@testable import Booking
import Contracts
import Database
import Foundation
import Messaging
import Testing

/// Realtors' blocks: the same exclusion constraint as bookings, ownership checked against booking's replica.
@Suite struct BlockTests {
    static let owner: Int64 = 77

    func place(_ booking: BookingFixture, _ apartment: UUID, from: Date, to: Date, reason: BlockReason = .repair,
               actor: AccessRequester = AccessRequester(role: .realtor, userId: owner),
               requestId: UUID = UUID()) async throws -> BlockOutcome
    {
        try await booking.engine.blocks.place(request(PlaceBlock(requestId: requestId, apartmentId: apartment,
                                                                 from: from, to: to, reason: reason, actor: actor)),
                                              logger: testLogger)
    }

    @Test func aBlockMakesItsNightsUnbookableAndRemovingItFreesThem() async throws {
        try await withBookingDatabase { booking in
            let apartment = booking.makeApartment(realtorId: Self.owner)
            let from = businessInstant(daysFromToday: 3, hour: 12)
            let to = businessInstant(daysFromToday: 5, hour: 12)
            let placed = try await place(booking, apartment.apartmentId, from: from, to: to, reason: .elsewhere)
            #expect(placed.result == .placed)
            let block = try #require(placed.block)
            #expect(block.realtorId == Self.owner && block.reason == .elsewhere && block.from == from && block.to == to)
            #expect(try await booking.outboxEvents(BlockPlaced.self) == [BlockPlaced(block: block)])

            // A guest cannot hold any night inside it; next to it is fine.
            let inside = try await booking.hold(apartment.apartmentId, checkIn: businessInstant(daysFromToday: 4, hour: 14),
                                                checkOut: businessInstant(daysFromToday: 6, hour: 12))
            #expect(inside.result == .unavailable)
            let before = try await booking.hold(apartment.apartmentId, guest: 502,
                                                checkIn: businessInstant(daysFromToday: 1, hour: 14),
                                                checkOut: businessInstant(daysFromToday: 3, hour: 12))
            #expect(before.result == .held)
            let availability = try await booking.engine.availability.check(CheckAvailability(
                apartmentIds: [apartment.apartmentId], checkIn: businessInstant(daysFromToday: 4, hour: 14),
                checkOut: businessInstant(daysFromToday: 5, hour: 10)))
            #expect(availability.busyApartmentIds == [apartment.apartmentId])

            let removed = try await booking.engine.blocks.remove(
                request(RemoveBlock(blockId: block.blockId, actor: AccessRequester(role: .realtor, userId: Self.owner))),
                logger: testLogger)
            #expect(removed.result == .removed)
            #expect(try await booking.outboxEvents(BlockRemoved.self) == [BlockRemoved(block: block, removedBy: Self.owner)])
            let after = try await booking.hold(apartment.apartmentId, guest: 503,
                                               checkIn: businessInstant(daysFromToday: 4, hour: 14),
                                               checkOut: businessInstant(daysFromToday: 5, hour: 12))
            #expect(after.result == .held)
        }
    }

    @Test func aBlockOverAPaidBookingIsRefusedNamingTheBooking() async throws {
        try await withBookingDatabase { booking in
            let paid = try await booking.paidBooking()
            let outcome = try await place(booking, paid.apartmentId, from: businessInstant(daysFromToday: 6, hour: 12),
                                          to: businessInstant(daysFromToday: 9, hour: 12),
                                          actor: AccessRequester(role: .superadmin, userId: 1))
            #expect(outcome.result == .overlaps)
            #expect(outcome.conflictingBookingNumber == paid.number)
            #expect(try await booking.outboxEvents(BlockPlaced.self).isEmpty)
            // Another block in the way: refused without a booking number.
            let apartment = booking.makeApartment(realtorId: Self.owner)
            let first = try await place(booking, apartment.apartmentId, from: businessInstant(daysFromToday: 2, hour: 12),
                                        to: businessInstant(daysFromToday: 4, hour: 12))
            #expect(first.result == .placed)
            let second = try await place(booking, apartment.apartmentId, from: businessInstant(daysFromToday: 3, hour: 12),
                                         to: businessInstant(daysFromToday: 5, hour: 12))
            #expect(second.result == .overlaps && second.conflictingBookingNumber == nil)
        }
    }

    /// Who may block and unblock: the owning realtor and a superadmin; another realtor and a guest see nothing.
    @Test(arguments: [
        (AccessRequester(role: .realtor, userId: 77), true),
        (AccessRequester(role: .superadmin, userId: 5), true),
        (AccessRequester(role: .realtor, userId: 78), false),
        (AccessRequester(role: .guest, userId: 77), false),
        (AccessRequester(role: .guest, userId: 501), false),
    ])
    func onlyTheOwnerAndSuperadminsTouchBlocks(actor: AccessRequester, allowed: Bool) async throws {
        try await withBookingDatabase { booking in
            let apartment = booking.makeApartment(realtorId: Self.owner)
            let from = businessInstant(daysFromToday: 3, hour: 12)
            let to = businessInstant(daysFromToday: 4, hour: 12)
            let placed = try await place(booking, apartment.apartmentId, from: from, to: to, actor: actor)
            #expect(placed.result == (allowed ? .placed : .notFound))
            // The owner's block, removed by `actor`.
            let owners = try #require(try await place(booking, apartment.apartmentId,
                                                      from: businessInstant(daysFromToday: 10, hour: 12),
                                                      to: businessInstant(daysFromToday: 11, hour: 12)).block)
            let removed = try await booking.engine.blocks.remove(request(RemoveBlock(blockId: owners.blockId,
                                                                                     actor: actor)),
                                                                 logger: testLogger)
            #expect(removed.result == (allowed ? .removed : .notFound))
        }
    }

    @Test func badPeriodsAreRefusedAndARepeatedRequestPlacesOnce() async throws {
        try await withBookingDatabase { booking in
            let apartment = booking.makeApartment(realtorId: Self.owner)
            for (from, to) in [(businessInstant(daysFromToday: 3, hour: 12), businessInstant(daysFromToday: 3, hour: 12)),
                               (businessInstant(daysFromToday: 3, hour: 12), businessInstant(daysFromToday: 2, hour: 12)),
                               (businessInstant(daysFromToday: -3, hour: 12), businessInstant(daysFromToday: -1, hour: 12)),
                               (businessInstant(daysFromToday: 1, hour: 12), businessInstant(daysFromToday: 400, hour: 12))] {
                #expect(try await place(booking, apartment.apartmentId, from: from, to: to).result == .invalidDates)
            }
            let requestId = UUID()
            let first = try await place(booking, apartment.apartmentId, from: businessInstant(daysFromToday: 3, hour: 12),
                                        to: businessInstant(daysFromToday: 4, hour: 12), requestId: requestId)
            let again = try await place(booking, apartment.apartmentId, from: businessInstant(daysFromToday: 3, hour: 12),
                                        to: businessInstant(daysFromToday: 4, hour: 12), requestId: requestId)
            #expect(first.result == .placed && again == first)
            #expect(try await booking.outboxEvents(BlockPlaced.self).count == 1)
            #expect(try await place(booking, UUID(), from: businessInstant(daysFromToday: 3, hour: 12),
                                    to: businessInstant(daysFromToday: 4, hour: 12)).result == .notFound)
        }
    }
}
