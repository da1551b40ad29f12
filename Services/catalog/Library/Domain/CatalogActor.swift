/// Who changes the catalog: a realtor (only own apartments), the superadmin, or the platform itself (demo data,
/// maintenance).
public enum CatalogActor: Sendable, Equatable {
    /// Telegram user id of the realtor.
    case realtor(Int64)
    /// Telegram user id of the superadmin.
    case superadmin(Int64)
    case system

    /// Whether this actor may change `apartment`.
    func mayEdit(_ apartment: Apartment) -> Bool {
        switch self {
        case let .realtor(id): apartment.realtorId == id
        case .superadmin, .system: true
        }
    }
}
