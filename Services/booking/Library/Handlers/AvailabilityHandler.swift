import Contracts
import Database
import Foundation
import Messaging

/// Answers `booking.availability.check.v1` from the `stays` table: an apartment is busy when one of its live
/// periods (a held, paid or checked-in booking, or a realtor's block) overlaps the requested `[checkIn, checkOut)`
/// — exactly the rows the exclusion constraint keeps apart.
struct AvailabilityHandler: Sendable {
    let database: DatabasePool

    func check(_ request: CheckAvailability) async throws -> AvailabilityResult {
        guard request.checkOut > request.checkIn else {
            throw RPCRemoteError(code: "bad_request", message: "checkOut must be after checkIn")
        }
        if request.apartmentIds.isEmpty { return AvailabilityResult(busyApartmentIds: []) }
        let rows = try await database.query("""
            SELECT DISTINCT apartment_id FROM stays
            WHERE apartment_id = ANY(\(request.apartmentIds))
              AND status IN ('held', 'paid', 'checked_in', 'blocked') -- the constraint's predicate: its index serves
              AND period && tstzrange(\(request.checkIn), \(request.checkOut), '[)')
            """)
        return AvailabilityResult(busyApartmentIds: try rows.map { try $0.decode("apartment_id", as: UUID.self) })
    }
}
