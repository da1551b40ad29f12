import Contracts
import Foundation

/// Who may see an apartment's decrypted access details.
///
/// The catalog trusts the role its callers state (the gateway and the admin panel authenticate people); it checks
/// ownership itself, and for a guest it checks the booking with the booking service (``BookingDirectory``): the
/// booking must exist, be paid or in progress, belong to this guest and be for this apartment.
enum AccessPolicy {
    /// What the booking service said about a guest's booking.
    enum BookingCheck: Sendable {
        /// Not asked (not a guest, or no booking id).
        case notAsked
        /// The booking service answered (nil: no such booking).
        case answered(BookingSummary?)
        /// The booking service could not be asked.
        case unverifiable
    }

    /// Why `requester` may not see the details of `apartment`; nil when allowed.
    static func refusal(of requester: AccessRequester, bookingId: UUID?, booking: BookingCheck,
                        for apartment: Apartment) -> String?
    {
        switch requester.role {
        case .superadmin:
            return nil
        case .realtor:
            return apartment.realtorId == requester.userId ? nil : "the apartment belongs to another realtor"
        case .guest:
            guard let bookingId else { return "a guest needs a paid booking" }
            switch booking {
            case .notAsked, .unverifiable:
                return "the booking could not be verified"
            case .answered(nil):
                return "the booking does not exist"
            case let .answered(booking?):
                if booking.bookingId != bookingId { return "the booking does not exist" }
                if booking.guestId != requester.userId { return "the booking belongs to another guest" }
                if booking.apartmentId != apartment.id { return "the booking is for another apartment" }
                if booking.status != .paid && booking.status != .checkedIn {
                    return "the booking is \(booking.status.rawValue), not paid or in progress"
                }
                return nil
            }
        }
    }
}
