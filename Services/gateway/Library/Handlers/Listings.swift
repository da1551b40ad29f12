import Contracts
import Foundation

/// What the bot asks other services: the catalog's geography, listings, cards and photos, and booking's
/// availability. One protocol so handlers can be tested without a broker; the service uses ``BusListings``.
protocol Listings: Sendable {
    func cities() async throws -> [CatalogCity]
    func districts(cityId: Int) async throws -> [CatalogDistrict]
    /// Listed apartments of the city free for `dates`, cheapest first.
    func freeApartments(cityId: Int, dates: StayDates) async throws -> [ApartmentSummary]
    func card(apartmentId: UUID, botId: Int64?) async throws -> ApartmentCard
    func photo(photoId: UUID) async throws -> ApartmentPhotoData
}
