import Contracts
import Database
import Foundation

/// Answers the guest-facing read RPCs: cities, districts, search, cards.
struct ListingQueryHandler: Sendable {
    let database: DatabasePool
    let geography: any GeographyRepository
    let listings: any ListingRepository

    func cities(_: ListCities) async throws -> CityList {
        CityList(cities: try await geography.cities(on: database))
    }

    func districts(_ request: ListDistricts) async throws -> DistrictList {
        guard try await geography.city(request.cityId, on: database) != nil else {
            throw CatalogError.cityNotFound(request.cityId)
        }
        return DistrictList(cityId: request.cityId,
                            districts: try await geography.districts(cityId: request.cityId, on: database))
    }

    func search(_ request: SearchApartments) async throws -> ApartmentSearchResults {
        guard request.limit >= 1 else { throw CatalogError.invalidField(field: "limit", reason: "must be at least 1") }
        if let rooms = request.rooms, !Apartment.roomsRange.contains(rooms) {
            throw CatalogError.invalidField(field: "rooms", reason: "must be 1, 2, 3 or 4 (4 meaning four or more)")
        }
        guard try await geography.city(request.cityId, on: database) != nil else {
            throw CatalogError.cityNotFound(request.cityId)
        }
        if let districtId = request.districtId {
            guard let district = try await geography.district(districtId, on: database),
                  district.cityId == request.cityId
            else { throw CatalogError.districtNotFound(cityId: request.cityId, districtId: districtId) }
        }
        let limit = min(request.limit, SearchApartments.maximumLimit)
        // One more than asked tells whether the list is truncated.
        var found = try await listings.search(cityId: request.cityId, districtId: request.districtId,
                                              apartmentClass: request.apartmentClass, rooms: request.rooms,
                                              limit: limit + 1, on: database)
        let truncated = found.count > limit
        if truncated { found.removeLast(found.count - limit) }
        return ApartmentSearchResults(apartments: found, truncated: truncated)
    }

    func card(_ request: GetApartmentCard) async throws -> ApartmentCard {
        guard var card = try await listings.card(request.apartmentId, botId: request.botId, on: database) else {
            throw CatalogError.apartmentNotFound(request.apartmentId)
        }
        card.occupancy = try await ApartmentOccupancy.current(of: card.id, on: database)
        return card
    }
}
