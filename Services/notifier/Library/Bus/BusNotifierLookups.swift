import Contracts
import Foundation
import Messaging

/// ``NotifierLookups`` over RPC on the service's bus.
public struct BusNotifierLookups: NotifierLookups {
    let bus: MessageBus

    public init(bus: MessageBus) { self.bus = bus }

    public func booking(_ bookingId: UUID) async throws -> BookingSummary? {
        try await bus.request(Envelope(GetBooking(bookingId: bookingId), producer: .notifier)).payload.booking
    }

    public func revealAccess(_ reference: AccessDetailsReference, timeout: Duration?) async throws
        -> ApartmentAccessDetails
    {
        let request = RevealApartmentAccess(apartmentId: reference.apartmentId,
                                            requester: AccessRequester(role: .guest, userId: reference.guestId),
                                            bookingId: reference.bookingId, purpose: .bookingPaid,
                                            channel: .telegram)
        return try await bus.request(Envelope(request, producer: .notifier), timeout: timeout).payload
    }

    public func reviewEligibility(bookingId: UUID, guestId: Int64) async throws -> ReviewEligibility {
        try await bus.request(Envelope(GetReviewEligibility(bookingId: bookingId, guestId: guestId),
                                       producer: .notifier)).payload
    }

    public func apartmentCard(_ apartmentId: UUID) async throws -> ApartmentCard {
        try await bus.request(Envelope(GetApartmentCard(apartmentId: apartmentId), producer: .notifier)).payload
    }
}
