import Contracts
import Foundation

/// Keeps ``PayableBookingReplica`` up to date from booking's events (no inbox: every write is idempotent and only
/// ever closes a booking, see the replica). `booking.cancelled.v1` is handled by ``BookingCancelledHandler``,
/// which closes the booking too.
struct BookingReplicaHandler: Sendable {
    let replica: PayableBookingReplica

    func held(_ event: BookingHeld) async throws { try await replica.held(event.booking) }
    func paid(_ event: BookingPaid) async throws { try await replica.closed(event.booking) }
    func expired(_ event: BookingExpired) async throws { try await replica.closed(event.booking) }
}
