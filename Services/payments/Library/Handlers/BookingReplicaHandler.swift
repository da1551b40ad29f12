import Contracts
import Foundation

/// Feeds ``PayableBookingReplica`` from `booking.held.v1` and closes bookings on `booking.expired.v1` (no inbox:
/// the writes are idempotent and never reopen a closed booking). The row's own expiry is only a second guard:
/// booking's scheduler decides, by its business clock, and payments' clock need not agree to the second.
/// ``ReplicatedBookingGateway`` closes a booking when it settles it (every payment goes through payments, so
/// `booking.paid.v1` is not consumed), and ``BookingCancelledHandler`` closes cancelled ones.
struct BookingReplicaHandler: Sendable {
    let replica: PayableBookingReplica

    func held(_ event: BookingHeld) async throws { try await replica.held(event.booking) }
    func expired(_ event: BookingExpired) async throws { try await replica.closed(event.booking) }
}
