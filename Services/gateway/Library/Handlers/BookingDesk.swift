import Contracts
import Foundation

/// What the bot asks booking, payments and the catalog for a guest's bookings. One protocol so handlers can be
/// exercised without a broker.
protocol BookingDesk: Sendable {
    func placeHold(_ request: PlaceHold) async throws -> HoldOutcome
    /// The guest's booking; nil when it does not exist or is someone else's.
    func booking(_ bookingId: UUID, guestId: Int64) async throws -> BookingSummary?
    /// The booking with the refund tiers booking applies (for the «cancel?» question).
    func lookup(_ bookingId: UUID, guestId: Int64) async throws -> BookingLookup
    func bookings(guestId: Int64, scope: ListGuestBookings.Scope, offset: Int, limit: Int) async throws -> GuestBookingsPage
    func cancel(_ bookingId: UUID, guestId: Int64) async throws -> CancelOutcome
    func invoice(_ request: CreateKaspiInvoice) async throws -> KaspiPaymentRequestOutcome
    func paymentLink(_ request: CreateKaspiPaymentLink) async throws -> KaspiPaymentRequestOutcome
    /// Access details for a guest's paid booking (audited by the catalog). Throws when refused.
    func reveal(_ request: RevealApartmentAccess) async throws -> ApartmentAccessDetails
}
