@testable import Catalog
import Contracts
import Database
import Foundation
import Messaging
import Testing

/// A booking as booking's events carry it.
func bookingSummary(_ id: UUID = UUID(), apartment: UUID, guest: Int64 = 555,
                    status: BookingStatus = .paid) -> BookingSummary
{
    let checkIn = Date(timeIntervalSince1970: 1_796_000_000)
    return BookingSummary(bookingId: id, number: "100001", apartmentId: apartment, realtorId: 10, guestId: guest,
                          guestChatId: guest, checkIn: checkIn, checkOut: checkIn.addingTimeInterval(86_400), nights: 1,
                          pricePerNightTiyn: 2_000_000, totalTiyn: 2_000_000, status: status, holdExpiresAt: nil,
                          paidAt: checkIn, cancelledAt: nil, refundTiyn: nil, createdAt: checkIn)
}

/// The apartment's status «Свободна» / «Забронирована» / «Занята» follows booking's events.
@Suite struct BookingOccupancyTests {
    func occupancy(_ catalog: CatalogFixture, _ id: UUID) async throws -> String? {
        try await catalog.queries().card(GetApartmentCard(apartmentId: id)).occupancy
    }

    func event<E: Event>(_ event: E) -> Envelope<E> { Envelope(event, producer: .booking) }

    @Test func followsAStayFromPaidToCompleted() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 10)
            let handler = BookingOccupancyHandler(database: catalog.pool, inbox: Inbox())
            #expect(try await occupancy(catalog, apartment.id) == "free")

            let stay = bookingSummary(apartment: apartment.id)
            try await handler.paid(event(BookingPaid(booking: stay, paymentReference: "account:1")))
            #expect(try await occupancy(catalog, apartment.id) == "booked")
            let checkedIn = event(BookingCheckedIn(booking: stay))
            try await handler.checkedIn(checkedIn)
            #expect(try await occupancy(catalog, apartment.id) == "occupied")
            // A second paid booking later on does not hide the stay in progress.
            let next = bookingSummary(apartment: apartment.id, guest: 777)
            try await handler.paid(event(BookingPaid(booking: next, paymentReference: "account:2")))
            #expect(try await occupancy(catalog, apartment.id) == "occupied")
            try await handler.completed(event(BookingCompleted(booking: stay)))
            #expect(try await occupancy(catalog, apartment.id) == "booked")
            // A redelivered check-in changes nothing (inbox), nor does a late one (bookings only move forward).
            try await handler.checkedIn(checkedIn)
            try await handler.checkedIn(event(BookingCheckedIn(booking: stay)))
            #expect(try await occupancy(catalog, apartment.id) == "booked")
            try await handler.cancelled(event(BookingCancelled(booking: next, wasPaid: true, refundPercent: 100,
                                                               cancelledBy: .guest)))
            #expect(try await occupancy(catalog, apartment.id) == "free")
        }
    }

    @Test func outOfOrderEventsNeverMoveABookingBack() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 10)
            let handler = BookingOccupancyHandler(database: catalog.pool, inbox: Inbox())
            let stay = bookingSummary(apartment: apartment.id)
            try await handler.completed(event(BookingCompleted(booking: stay)))
            try await handler.paid(event(BookingPaid(booking: stay, paymentReference: "account:1")))
            try await handler.checkedIn(event(BookingCheckedIn(booking: stay)))
            #expect(try await occupancy(catalog, apartment.id) == "free")
            let hold = bookingSummary(apartment: apartment.id, status: .expired)
            try await handler.expired(event(BookingExpired(booking: hold)))
            #expect(try await occupancy(catalog, apartment.id) == "free")
        }
    }
}
