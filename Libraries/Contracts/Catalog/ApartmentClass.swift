/// The class of an apartment. Shown to people as «Комфорт», «Бизнес», «Премиум» (the gateway's text catalog
/// owns the wording); travels as its raw value.
public enum ApartmentClass: String, Codable, Sendable, Equatable, CaseIterable {
    case comfort
    case business
    case premium
}
