@testable import Catalog
import Contracts
import Database
import Foundation
import Messaging
import Testing

/// Bookings a test knows; `failing` makes every question fail as if booking were unreachable.
struct StubBookings: BookingDirectory {
    var bookings: [UUID: BookingSummary] = [:]
    var failing = false

    struct Unreachable: Error {}

    func booking(_ id: UUID) async throws -> BookingSummary? {
        if failing { throw Unreachable() }
        return bookings[id]
    }
}

/// A guest sees access details only with their own paid (or checked-in) booking of this apartment, verified with
/// the booking service; every refusal is audited.
@Suite struct GuestAccessVerificationTests {
    func reveal(_ catalog: CatalogFixture, bookings: StubBookings, apartment: UUID, guest: Int64,
                booking: UUID?) async throws -> ApartmentAccessDetails
    {
        var access = catalog.access()
        access.bookings = bookings
        return try await access.reveal(Envelope(RevealApartmentAccess(
            apartmentId: apartment, requester: AccessRequester(role: .guest, userId: guest), bookingId: booking,
            purpose: .bookingPaid, channel: .telegram), producer: .gateway), logger: testLogger)
    }

    func auditRows(_ catalog: CatalogFixture) async throws -> [(granted: Bool, reason: String?)] {
        try await catalog.pool.query("SELECT granted, refusal_reason FROM access_audit ORDER BY id").map {
            (try $0.decode("granted"), try $0.decode("refusal_reason"))
        }
    }

    @Test(arguments: [BookingStatus.paid, .checkedIn])
    func theGuestOfAPaidBookingSeesTheDetails(status: BookingStatus) async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 10, intercom: "45К1234", safe: "9876")
            let booking = bookingSummary(apartment: apartment.id, guest: 555, status: status)
            let details = try await reveal(catalog, bookings: StubBookings(bookings: [booking.bookingId: booking]),
                                           apartment: apartment.id, guest: 555, booking: booking.bookingId)
            #expect(details.intercomCode == "45К1234" && details.safeCode == "9876")
            #expect(try await auditRows(catalog).map(\.granted) == [true])
        }
    }

    @Test func everyoneElseIsRefusedAndAudited() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 10)
            let other = try await catalog.makeApartment(realtorId: 10)
            let paid = bookingSummary(apartment: apartment.id, guest: 555)
            let elsewhere = bookingSummary(apartment: other.id, guest: 555)
            let held = bookingSummary(apartment: apartment.id, guest: 555, status: .held)
            let done = bookingSummary(apartment: apartment.id, guest: 555, status: .completed)
            let cancelled = bookingSummary(apartment: apartment.id, guest: 555, status: .cancelled)
            let known = StubBookings(bookings: Dictionary(uniqueKeysWithValues: [paid, elsewhere, held, done, cancelled]
                .map { ($0.bookingId, $0) }))
            let cases: [(StubBookings, Int64, UUID?, String)] = [
                (known, 666, paid.bookingId, "another guest"),
                (known, 555, elsewhere.bookingId, "another apartment"),
                (known, 555, held.bookingId, "held"),
                (known, 555, done.bookingId, "completed"),
                (known, 555, cancelled.bookingId, "cancelled"),
                (known, 555, UUID(), "does not exist"),
                (known, 555, nil, "needs a paid booking"),
                (StubBookings(failing: true), 555, paid.bookingId, "could not be verified"),
            ]
            for (bookings, guest, booking, reason) in cases {
                await #expect(throws: CatalogError.self, "\(reason)") {
                    try await reveal(catalog, bookings: bookings, apartment: apartment.id, guest: guest,
                                     booking: booking)
                }
            }
            let rows = try await auditRows(catalog)
            #expect(rows.count == cases.count)
            #expect(rows.allSatisfy { !$0.granted })
            for (row, expected) in zip(rows, cases) {
                #expect(row.reason?.contains(expected.3) == true, "\(row.reason ?? "-") vs \(expected.3)")
            }
        }
    }

    @Test func withoutABookingDirectoryGuestsAreRefused() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 10)
            await #expect(throws: CatalogError.self) {
                try await catalog.access().reveal(Envelope(RevealApartmentAccess(
                    apartmentId: apartment.id, requester: AccessRequester(role: .guest, userId: 555),
                    bookingId: UUID(), purpose: .bookingPaid, channel: .telegram), producer: .gateway),
                    logger: testLogger)
            }
        }
    }
}
