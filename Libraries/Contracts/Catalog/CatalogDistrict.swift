/// An administrative district of a city. Ids are stable (seeded by the catalog's migrations).
public struct CatalogDistrict: Codable, Sendable, Equatable {
    public var id: Int
    public var cityId: Int
    /// Stable Latin name (`bostandyk`), unique within the city.
    public var slug: String
    /// Russian name as shown to guests («Бостандыкский»).
    public var name: String

    public init(id: Int, cityId: Int, slug: String, name: String) {
        self.id = id
        self.cityId = cityId
        self.slug = slug
        self.name = name
    }
}
