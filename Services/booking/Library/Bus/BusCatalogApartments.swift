import Contracts
import Foundation
import Messaging

/// ``CatalogApartments`` over the bus: the catalog's `GetApartmentCard`.
struct BusCatalogApartments: CatalogApartments {
    let bus: MessageBus

    func apartment(_ id: UUID) async throws -> ReplicatedApartment? {
        do {
            let card = try await bus.request(Envelope(GetApartmentCard(apartmentId: id), producer: .booking)).payload
            return ReplicatedApartment(apartmentId: card.id, realtorId: card.realtorId,
                                       pricePerNightTiyn: card.pricePerNightTiyn, listed: card.isListed)
        } catch let RPCError.remote(code, _) where code == CatalogErrorCode.notFound {
            return nil
        }
    }
}
