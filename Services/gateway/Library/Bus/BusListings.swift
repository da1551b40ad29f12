import Contracts
import Foundation
import Messaging

/// ``Listings`` over bus RPC with short-lived caches, because every wizard screen shows counts and the same few
/// lists are asked for by every chat: cities and districts (change almost never), the listed apartments of a
/// city (change when a realtor edits the catalog) and booking's busy apartments for given dates (change with
/// every hold). Each has its own time to live (zero: not kept, only concurrent identical requests share one RPC);
/// changes show after at most that long. Cards and photos are not cached (file_ids get recorded).
struct BusListings: Listings {
    let bus: MessageBus
    private let districts: ExpiringCache<Int, [CatalogDistrict]>
    private let listed: ExpiringCache<Int, [ApartmentSummary]>
    private let busy: ExpiringCache<AvailabilityKey, Set<UUID>>
    private let citiesCache: ExpiringCache<Int, [CatalogCity]>

    private struct AvailabilityKey: Hashable, Sendable {
        var cityId: Int
        var checkIn: Date
        var checkOut: Date
    }

    init(bus: MessageBus, catalogTTL: Duration, availabilityTTL: Duration) {
        self.bus = bus
        citiesCache = ExpiringCache(timeToLive: catalogTTL, capacity: 10)
        districts = ExpiringCache(timeToLive: catalogTTL, capacity: 100)
        listed = ExpiringCache(timeToLive: catalogTTL, capacity: 100)
        busy = ExpiringCache(timeToLive: availabilityTTL, capacity: 1000)
    }

    private func ask<R: RPCRequest>(_ request: R) async throws -> R.Response {
        try await bus.request(Envelope(request, producer: .gateway)).payload
    }

    func cities() async throws -> [CatalogCity] {
        try await citiesCache.value(0) { try await ask(ListCities()).cities }
    }

    func districts(cityId: Int) async throws -> [CatalogDistrict] {
        try await districts.value(cityId) { try await ask(ListDistricts(cityId: cityId)).districts }
    }

    func freeApartments(cityId: Int, dates: StayDates) async throws -> [ApartmentSummary] {
        let apartments = try await listed.value(cityId) { try await ask(SearchApartments(cityId: cityId)).apartments }
        guard !apartments.isEmpty else { return [] }
        let key = AvailabilityKey(cityId: cityId, checkIn: dates.checkInInstant, checkOut: dates.checkOutInstant)
        let busyIds = try await busy.value(key) {
            Set(try await ask(CheckAvailability(apartmentIds: apartments.map(\.id), checkIn: key.checkIn,
                                                checkOut: key.checkOut)).busyApartmentIds)
        }
        return apartments.filter { !busyIds.contains($0.id) }
    }

    func card(apartmentId: UUID, botId: Int64?) async throws -> ApartmentCard {
        try await ask(GetApartmentCard(apartmentId: apartmentId, botId: botId))
    }

    func photo(photoId: UUID) async throws -> ApartmentPhotoData { try await ask(GetApartmentPhoto(photoId: photoId)) }
}
