import Contracts
import Database
import Foundation
import Messaging

/// Answers `booking.availability.check.v1` from the `stays` table: an apartment is busy when one of its
/// active periods (held, paid, checked in, or blocked) overlaps the requested `[checkIn, checkOut)`.
struct AvailabilityHandler: Sendable {
    let database: DatabasePool

    /// The statuses that make an apartment unavailable.
    static let activeStatuses = ["held", "paid", "checked_in", "blocked"]

    func check(_ request: CheckAvailability) async throws -> AvailabilityResult {
        guard request.checkOut > request.checkIn else {
            throw RPCRemoteError(code: "bad_request", message: "checkOut must be after checkIn")
        }
        if request.apartmentIds.isEmpty { return AvailabilityResult(busyApartmentIds: []) }
        let rows = try await database.query("""
            SELECT DISTINCT apartment_id FROM stays
            WHERE apartment_id = ANY(\(request.apartmentIds))
              AND status = ANY(\(Self.activeStatuses))
              AND period && tstzrange(\(request.checkIn), \(request.checkOut), '[)')
            """)
        return AvailabilityResult(busyApartmentIds: try rows.map { try $0.decode("apartment_id", as: UUID.self) })
    }
}
