import Contracts
import Foundation
import Messaging

/// What the bot asks other services: the catalog's geography, listings, cards and photos, and booking's
/// availability. One protocol so handlers can be tested without a broker.
protocol Listings: Sendable {
    func cities() async throws -> [CatalogCity]
    func districts(cityId: Int) async throws -> [CatalogDistrict]
    /// Listed apartments of the city free for `dates`, cheapest first.
    func freeApartments(cityId: Int, dates: StayDates) async throws -> [ApartmentSummary]
    func card(apartmentId: UUID, botId: Int64?) async throws -> ApartmentCard
    func photo(photoId: UUID) async throws -> ApartmentPhotoData
}

/// ``Listings`` over bus RPC.
struct BusListings: Listings {
    let bus: MessageBus

    private func ask<R: RPCRequest>(_ request: R) async throws -> R.Response {
        try await bus.request(Envelope(request, producer: .gateway)).payload
    }

    func cities() async throws -> [CatalogCity] { try await ask(ListCities()).cities }

    func districts(cityId: Int) async throws -> [CatalogDistrict] { try await ask(ListDistricts(cityId: cityId)).districts }

    func freeApartments(cityId: Int, dates: StayDates) async throws -> [ApartmentSummary] {
        let listed = try await ask(SearchApartments(cityId: cityId)).apartments
        guard !listed.isEmpty else { return [] }
        let busy = Set(try await ask(CheckAvailability(apartmentIds: listed.map(\.id), checkIn: dates.checkInInstant,
                                                       checkOut: dates.checkOutInstant)).busyApartmentIds)
        return listed.filter { !busy.contains($0.id) }
    }

    func card(apartmentId: UUID, botId: Int64?) async throws -> ApartmentCard {
        try await ask(GetApartmentCard(apartmentId: apartmentId, botId: botId))
    }

    func photo(photoId: UUID) async throws -> ApartmentPhotoData { try await ask(GetApartmentPhoto(photoId: photoId)) }
}
