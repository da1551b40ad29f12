import Contracts
import Foundation

/// What the notifier asks other services, at enqueue time (a chat id) or at send time (conditions, access
/// details). Errors are transient: the notification is retried later.
public protocol NotifierLookups: Sendable {
    /// The booking as the booking service sees it now; nil when it does not exist.
    func booking(_ bookingId: UUID) async throws -> BookingSummary?
    /// The access details for a paid booking's guest (the catalog audits the reveal). Secret: never store or log.
    /// `timeout`: how long to wait for the catalog (nil: the bus's RPC timeout).
    func revealAccess(_ reference: AccessDetailsReference, timeout: Duration?) async throws -> ApartmentAccessDetails
    /// Whether the guest may review the booking now (catalog's `GetReviewEligibility`).
    func reviewEligibility(bookingId: UUID, guestId: Int64) async throws -> ReviewEligibility
    /// The apartment's public card (rooms, district, city: no address); throws when unknown or unreachable.
    func apartmentCard(_ apartmentId: UUID) async throws -> ApartmentCard
}
