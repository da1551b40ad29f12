/// A change of an apartment's visibility.
public enum ListingAction: Sendable, Equatable {
    /// Publish a complete apartment (it stays hidden if it was hidden).
    case publish
    case hide
    /// Offer a hidden apartment again.
    case show
}
