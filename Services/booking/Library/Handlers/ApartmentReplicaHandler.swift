import Contracts
import Database
import Foundation
import Messaging

/// Keeps booking's apartment replica from `catalog.apartment.{published,updated,hidden}.v1`.
struct ApartmentReplicaHandler: Sendable {
    let database: DatabasePool
    let inbox: Inbox
    let replica = ApartmentReplica()

    func published(_ envelope: Envelope<ApartmentPublished>) async throws {
        let event = envelope.payload
        try await apply(envelope.metadata, ReplicatedApartment(
            apartmentId: event.apartmentId, realtorId: event.realtorId, pricePerNightTiyn: event.pricePerNightTiyn,
            listed: true), occurredAt: event.occurredAt)
    }

    func updated(_ envelope: Envelope<ApartmentUpdated>) async throws {
        let event = envelope.payload
        let apartment = ReplicatedApartment(apartmentId: event.apartmentId, realtorId: event.realtorId,
                                            pricePerNightTiyn: event.pricePerNightTiyn, listed: true)
        try await inbox.handleOnce(envelope.metadata, database: database) { transaction in
            try await replica.applyUpdate(apartment, occurredAt: event.occurredAt, on: transaction)
        }
    }

    func hidden(_ envelope: Envelope<ApartmentHidden>) async throws {
        let event = envelope.payload
        try await apply(envelope.metadata, ReplicatedApartment(
            apartmentId: event.apartmentId, realtorId: event.realtorId, pricePerNightTiyn: event.pricePerNightTiyn,
            listed: false), occurredAt: event.occurredAt)
    }

    private func apply(_ metadata: EnvelopeMetadata, _ apartment: ReplicatedApartment, occurredAt: Date) async throws {
        try await inbox.handleOnce(metadata, database: database) { transaction in
            try await replica.apply(apartment, occurredAt: occurredAt, on: transaction)
        }
    }
}
