import Contracts
import Foundation

/// Who may see an apartment's decrypted access details.
///
/// The catalog trusts the role its callers state (the gateway and the admin panel authenticate people); it checks
/// ownership itself. A guest's booking is not verified here yet: the booking/gateway path calls only after it has
/// checked that the booking is paid and belongs to this guest and apartment.
enum AccessPolicy {
    /// Why `requester` may not see the details of `apartment`; nil when allowed.
    static func refusal(of requester: AccessRequester, bookingId: UUID?, for apartment: Apartment) -> String? {
        switch requester.role {
        case .superadmin:
            nil
        case .realtor:
            apartment.realtorId == requester.userId ? nil : "the apartment belongs to another realtor"
        case .guest:
            bookingId == nil ? "a guest needs a paid booking" : nil
        }
    }
}
