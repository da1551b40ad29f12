import Contracts
import Foundation

/// Where the catalog checks a guest's booking before revealing access details.
protocol BookingDirectory: Sendable {
    /// The booking as the booking service has it; nil when it does not exist.
    /// - Throws: when the booking service cannot be asked (the reveal is then refused).
    func booking(_ id: UUID) async throws -> BookingSummary?
}

/// Knows no bookings: every guest reveal is refused. For tools and tests that never reveal to guests.
struct NoBookings: BookingDirectory {
    func booking(_ id: UUID) async throws -> BookingSummary? { nil }
}
