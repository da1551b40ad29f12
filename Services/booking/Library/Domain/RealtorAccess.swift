import Contracts

/// Who may act on an apartment's calendar and bookings as its host: the owning realtor (by booking's replica of
/// the catalog) or a superadmin; a guest never. `actor` is whom the edge established.
enum RealtorAccess {
    static func may(_ actor: AccessRequester, touch realtorId: Int64) -> Bool {
        switch actor.role {
        case .superadmin: true
        case .realtor: actor.userId == realtorId
        case .guest: false
        }
    }
}
