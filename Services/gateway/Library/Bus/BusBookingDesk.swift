import Contracts
import Foundation
import Messaging

/// ``BookingDesk`` over bus RPC.
struct BusBookingDesk: BookingDesk {
    let bus: MessageBus

    private func ask<R: RPCRequest>(_ request: R) async throws -> R.Response {
        try await bus.request(Envelope(request, producer: .gateway)).payload
    }

    func placeHold(_ request: PlaceHold) async throws -> HoldOutcome { try await ask(request) }

    func booking(_ bookingId: UUID, guestId: Int64) async throws -> BookingSummary? {
        try await lookup(bookingId, guestId: guestId).booking
    }

    func lookup(_ bookingId: UUID, guestId: Int64) async throws -> BookingLookup {
        try await ask(GetBooking(bookingId: bookingId, guestId: guestId))
    }

    func bookings(guestId: Int64, scope: ListGuestBookings.Scope, offset: Int,
                  limit: Int) async throws -> GuestBookingsPage
    {
        try await ask(ListGuestBookings(guestId: guestId, scope: scope, offset: offset, limit: limit))
    }

    func cancel(_ bookingId: UUID, guestId: Int64) async throws -> CancelOutcome {
        try await ask(CancelBooking(bookingId: bookingId, guestId: guestId))
    }

    func invoice(_ request: CreateKaspiInvoice) async throws -> KaspiPaymentRequestOutcome { try await ask(request) }

    func paymentLink(_ request: CreateKaspiPaymentLink) async throws -> KaspiPaymentRequestOutcome {
        try await ask(request)
    }

    func reveal(_ request: RevealApartmentAccess) async throws -> ApartmentAccessDetails { try await ask(request) }
}
