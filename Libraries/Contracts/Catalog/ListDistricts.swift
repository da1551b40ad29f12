/// RPC: the districts of one city, in display order (alphabetical). Unknown city: `not_found`.
public struct ListDistricts: RPCRequest {
    public typealias Response = DistrictList
    public static let messageType: MessageType = "catalog.districts.list.v1"
    public static let destination: ServiceName = .catalog

    public var cityId: Int

    public init(cityId: Int) {
        self.cityId = cityId
    }
}

/// Reply to ``ListDistricts``.
public struct DistrictList: Message {
    public static let messageType: MessageType = "catalog.districts.list.reply.v1"

    public var cityId: Int
    public var districts: [CatalogDistrict]

    public init(cityId: Int, districts: [CatalogDistrict]) {
        self.cityId = cityId
        self.districts = districts
    }
}
