/// A city of the catalog (Астана, Алматы, Шымкент). Ids are stable (seeded by the catalog's migrations).
public struct CatalogCity: Codable, Sendable, Equatable {
    public var id: Int
    /// Stable Latin name (`astana`, `almaty`, `shymkent`).
    public var slug: String
    /// Russian name as shown to guests.
    public var name: String

    public init(id: Int, slug: String, name: String) {
        self.id = id
        self.slug = slug
        self.name = name
    }
}
