/// RPC: the cities of the catalog, in display order.
public struct ListCities: RPCRequest {
    public typealias Response = CityList
    public static let messageType: MessageType = "catalog.cities.list.v1"
    public static let destination: ServiceName = .catalog

    public init() {}
}

/// Reply to ``ListCities``.
public struct CityList: Message {
    public static let messageType: MessageType = "catalog.cities.list.reply.v1"

    public var cities: [CatalogCity]

    public init(cities: [CatalogCity]) {
        self.cities = cities
    }
}
