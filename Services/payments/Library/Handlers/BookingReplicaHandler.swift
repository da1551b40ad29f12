import Contracts
import Foundation

/// Feeds ``PayableBookingReplica`` from `booking.held.v1` (no inbox: the insert is idempotent and never reopens a
/// closed booking). Nothing else needs consuming: a hold's expiry is in its row (checked by the business clock),
/// ``ReplicatedBookingGateway`` closes a booking when it settles it (every payment goes through payments), and
/// ``BookingCancelledHandler`` closes cancelled ones.
struct BookingReplicaHandler: Sendable {
    let replica: PayableBookingReplica

    func held(_ event: BookingHeld) async throws { try await replica.held(event.booking) }
}
