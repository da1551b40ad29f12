@testable import Catalog
import Contracts
import Database
import Foundation
import Messaging
import Testing

/// Decrypted access details go only to the allowed, and every request is audited.
@Suite struct AccessRevealTests {
    struct AuditRow: Equatable {
        var role: String
        var requester: Int64
        var booking: UUID?
        var purpose: String
        var channel: String
        var granted: Bool
    }

    func audit(_ catalog: CatalogFixture) async throws -> [AuditRow] {
        try await catalog.pool.query("""
            SELECT requester_role, requester_id, booking_id, purpose, channel, granted FROM access_audit ORDER BY id
            """).map { row in
            AuditRow(role: try row.decode("requester_role"), requester: try row.decode("requester_id"),
                     booking: try row.decode("booking_id"), purpose: try row.decode("purpose"),
                     channel: try row.decode("channel"), granted: try row.decode("granted"))
        }
    }

    func request(_ apartment: UUID, _ role: AccessRole, _ user: Int64, booking: UUID? = nil,
                 purpose: AccessPurpose = .bookingPaid) -> Envelope<RevealApartmentAccess>
    {
        envelope(RevealApartmentAccess(apartmentId: apartment, requester: AccessRequester(role: role, userId: user),
                                       bookingId: booking, purpose: purpose, channel: .telegram))
    }

    @Test func revealsEverythingToAGuestWithABookingAndAuditsIt() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 10, intercom: "45К1234", safe: "9876")
            let paid = bookingSummary(apartment: apartment.id, guest: 555)
            let booking = paid.bookingId
            let request = request(apartment.id, .guest, 555, booking: booking)
            var access = catalog.access()
            access.bookings = StubBookings(bookings: [booking: paid])
            let details = try await access.reveal(request, logger: testLogger)
            #expect(details.apartmentId == apartment.id)
            #expect(details.address == "пр. Аль-Фараби, 77" && details.entrance == "2" && details.floor == 7)
            #expect(details.apartmentNumber == "45" && details.realtorPhone == "+77010000001")
            #expect(details.intercomCode == "45К1234" && details.safeCode == "9876")
            #expect(try await audit(catalog) == [AuditRow(role: "guest", requester: 555, booking: booking,
                                                          purpose: "booking_paid", channel: "telegram", granted: true)])
            let row = try #require(try await catalog.pool.queryFirst(
                "SELECT id, apartment_id, correlation_id, request_message_id, occurred_at FROM access_audit"))
            #expect(try row.decode("id", as: Int64.self) == details.auditId)
            #expect(try row.decode("apartment_id", as: UUID.self) == apartment.id)
            #expect(try row.decode("correlation_id", as: UUID.self) == request.correlationId)
            #expect(try row.decode("request_message_id", as: UUID.self) == request.messageId)
        }
    }

    @Test func everyRevealWritesItsOwnAuditRow() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 10)
            let access = catalog.access()
            _ = try await access.reveal(request(apartment.id, .realtor, 10, purpose: .ownerView), logger: testLogger)
            _ = try await access.reveal(request(apartment.id, .realtor, 10, purpose: .ownerView), logger: testLogger)
            _ = try await access.reveal(request(apartment.id, .superadmin, 1, purpose: .adminView), logger: testLogger)
            let rows = try await audit(catalog)
            #expect(rows.map(\.role) == ["realtor", "realtor", "superadmin"])
            #expect(rows.allSatisfy { $0.granted })
        }
    }

    @Test(arguments: [(AccessRole.realtor, Int64(11), UUID?.none), (.guest, 555, nil)])
    func refusesAForeignRealtorAndAGuestWithoutBooking(role: AccessRole, user: Int64, booking: UUID?) async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment(realtorId: 10)
            await #expect(throws: CatalogError.self) {
                try await catalog.access().reveal(request(apartment.id, role, user, booking: booking), logger: testLogger)
            }
            let rows = try await audit(catalog)
            #expect(rows.count == 1)
            #expect(rows.first?.granted == false)
            #expect(rows.first?.requester == user)
        }
    }

    @Test func anUnknownApartmentIsNotFoundAndNotAudited() async throws {
        try await withCatalogDatabase { catalog in
            let id = UUID()
            await #expect(throws: CatalogError.apartmentNotFound(id)) {
                try await catalog.access().reveal(request(id, .superadmin, 1), logger: testLogger)
            }
            let rows = try await audit(catalog)
            #expect(rows.isEmpty)
        }
    }

    @Test func errorsMapToStableRPCCodes() {
        let id = UUID()
        let table: [(CatalogError, String)] = [
            (.cityNotFound(1), "not_found"), (.districtNotFound(cityId: 1, districtId: 2), "not_found"),
            (.apartmentNotFound(id), "not_found"), (.photoNotFound(id), "not_found"), (.forbidden("no"), "forbidden"),
            (.invalidField(field: "rooms", reason: "x"), "bad_request"), (.invalidPhoto("x"), "bad_request"),
            (.incompleteForPublishing(missing: ["address"]), "conflict"),
            (.duplicatePhoto(position: 2, samePictureAt: 1), "conflict"), (.codesUnreadable("k9"), "internal"),
        ]
        for (error, code) in table {
            #expect(error.rpcError.code == code, "\(error)")
        }
        #expect(!CatalogError.codesUnreadable("key k9 missing").rpcError.message.contains("k9"))
    }
}
