import Contracts
import Database
import Foundation
import Logging
import Messaging

/// Creates and changes apartments: every change is validated by the ``Apartment`` aggregate, stored, and its
/// events (published / updated / hidden) written to the outbox in the same transaction.
///
/// Realtors change only their own apartments; the superadmin and the platform (`system`) any.
public struct ApartmentLifecycle: Sendable {
    /// The outcome of ``apply(to:creating:edit:actions:by:causedBy:)``.
    public struct Outcome: Sendable {
        public let apartment: Apartment
        public let created: Bool
        /// False when nothing at all changed (the request repeated the stored state).
        public let changed: Bool
        /// The types of the events written to the outbox, in order.
        public let events: [MessageType]
    }

    let database: DatabasePool
    let outbox: Outbox
    let vault: AccessCodeVault
    let apartments: any ApartmentRepository
    let geography: any GeographyRepository
    let now: @Sendable () -> Date

    public init(database: DatabasePool, outbox: Outbox, vault: AccessCodeVault,
                apartments: any ApartmentRepository = PostgresApartmentRepository(),
                geography: any GeographyRepository = PostgresGeographyRepository(),
                now: @escaping @Sendable () -> Date = { Date() })
    {
        self.database = database
        self.outbox = outbox
        self.vault = vault
        self.apartments = apartments
        self.geography = geography
        self.now = now
    }

    // MARK: Convenience

    /// Creates an unpublished apartment (publishing it at once when `publish` and complete).
    @discardableResult
    public func create(_ new: NewApartment, edit: ApartmentEdit = ApartmentEdit(), publish: Bool = false,
                       by actor: CatalogActor) async throws -> Apartment
    {
        try await apply(to: new.id, creating: new, edit: edit, actions: publish ? [.publish] : [], by: actor).apartment
    }

    @discardableResult
    public func edit(_ id: UUID, _ edit: ApartmentEdit, by actor: CatalogActor) async throws -> Apartment {
        try await apply(to: id, edit: edit, by: actor).apartment
    }

    @discardableResult
    public func publish(_ id: UUID, by actor: CatalogActor) async throws -> Apartment {
        try await apply(to: id, actions: [.publish], by: actor).apartment
    }

    @discardableResult
    public func hide(_ id: UUID, by actor: CatalogActor) async throws -> Apartment {
        try await apply(to: id, actions: [.hide], by: actor).apartment
    }

    @discardableResult
    public func show(_ id: UUID, by actor: CatalogActor) async throws -> Apartment {
        try await apply(to: id, actions: [.show], by: actor).apartment
    }

    // MARK: The one transaction

    /// Loads (or, with `creating`, creates when missing) the apartment, applies `edit`, then `actions`, stores it
    /// and writes its events — all in one transaction; nothing is stored when anything is refused.
    ///
    /// - Throws: ``CatalogError`` (`apartmentNotFound`, `forbidden`, `districtNotFound`, `invalidField`,
    ///   `invalidPhoto`, `duplicatePhoto`, `incompleteForPublishing`), database errors.
    public func apply(to id: UUID, creating new: NewApartment? = nil, edit: ApartmentEdit = ApartmentEdit(),
                      actions: [ListingAction] = [], by actor: CatalogActor,
                      causedBy cause: EnvelopeMetadata? = nil) async throws -> Outcome
    {
        // Image parsing and hashing happen before the transaction holds a row lock.
        let images = try edit.photos.map { upload throws(CatalogError) in
            (upload, try PhotoImage(validating: upload.bytes))
        }
        return try await database.withTransaction { transaction in
            let stored = try await apartments.load(id, forUpdate: true, on: transaction)
            var apartment: Apartment
            if let stored {
                guard actor.mayEdit(stored) else { throw CatalogError.forbidden("apartment \(id) belongs to another realtor") }
                apartment = stored
            } else {
                guard let new else { throw CatalogError.apartmentNotFound(id) }
                apartment = try await makeApartment(new, by: actor, on: transaction)
            }
            let time = now()
            try await apply(edit, images: images, to: &apartment, now: time, on: transaction)
            for action in actions {
                switch action {
                case .publish: try apartment.publish(now: time)
                case .hide: apartment.hide(now: time)
                case .show: apartment.show(now: time)
                }
            }
            let changed = stored.map { $0 != apartment } ?? true
            guard changed else {
                return Outcome(apartment: apartment, created: false, changed: false, events: [])
            }
            let placed = images.map(\.1).filter { image in apartment.photos.contains { $0.sha256 == image.sha256 } }
            try await apartments.save(apartment, previous: stored, images: placed, in: transaction)
            let events = try await publishEvents(of: apartment, at: time, causedBy: cause, in: transaction)
            apartment.clearChanges()
            return Outcome(apartment: apartment, created: stored == nil, changed: true, events: events)
        }
    }

    private func makeApartment(_ new: NewApartment, by actor: CatalogActor,
                               on transaction: DatabaseTransaction) async throws -> Apartment
    {
        if case let .realtor(realtorId) = actor, realtorId != new.realtorId {
            throw CatalogError.forbidden("a realtor creates apartments for themselves only")
        }
        guard let district = try await geography.district(new.districtId, on: transaction),
              district.cityId == new.cityId
        else {
            if try await geography.city(new.cityId, on: transaction) == nil { throw CatalogError.cityNotFound(new.cityId) }
            throw CatalogError.districtNotFound(cityId: new.cityId, districtId: new.districtId)
        }
        return try Apartment(id: new.id, realtorId: new.realtorId, cityId: new.cityId, districtId: new.districtId,
                             apartmentClass: new.apartmentClass, rooms: new.rooms,
                             pricePerNightTiyn: new.pricePerNightTiyn, now: now())
    }

    private func apply(_ edit: ApartmentEdit, images: [(PhotoUpload, PhotoImage)], to apartment: inout Apartment,
                       now: Date, on transaction: DatabaseTransaction) async throws
    {
        if let districtId = edit.districtId {
            guard let district = try await geography.district(districtId, on: transaction) else {
                throw CatalogError.districtNotFound(cityId: apartment.cityId, districtId: districtId)
            }
            apartment.relocate(cityId: district.cityId, districtId: district.id, now: now)
        }
        if let value = edit.apartmentClass { apartment.setClass(value, now: now) }
        if let value = edit.rooms { try apartment.setRooms(value, now: now) }
        if let value = edit.pricePerNightTiyn { try apartment.setPrice(tiyn: value, now: now) }
        if let value = edit.address { try apartment.setAddress(value, now: now) }
        if let value = edit.entrance { try apartment.setEntrance(value, now: now) }
        if let value = edit.floor { try apartment.setFloor(value, now: now) }
        if let value = edit.apartmentNumber { try apartment.setApartmentNumber(value, now: now) }
        if let value = edit.description { try apartment.setDescription(value, now: now) }
        if let value = edit.realtorPhone { try apartment.setRealtorPhone(value, now: now) }
        for (field, code) in [(AccessCodeField.intercom, edit.intercomCode), (.safe, edit.safeCode)] {
            guard let code else { continue }
            // An unchanged code is not sealed again (sealing is randomised: it would look like a change).
            if let current = apartment.code(field),
               (try? vault.open(current, field: field, apartmentId: apartment.id))
                == code.trimmingCharacters(in: .whitespacesAndNewlines)
            {
                continue
            }
            apartment.setCode(try vault.seal(code, field: field, apartmentId: apartment.id), field: field, now: now)
        }
        if !images.isEmpty {
            try apartment.placePhotos(images.map { upload, image in
                ApartmentPhotoRef(id: upload.id ?? UUID(), position: upload.position, sha256: image.sha256)
            }, now: now)
        }
    }

    private func publishEvents(of apartment: Apartment, at time: Date, causedBy cause: EnvelopeMetadata?,
                               in transaction: DatabaseTransaction) async throws -> [MessageType]
    {
        var types: [MessageType] = []
        for change in apartment.changes {
            let a = apartment
            switch change {
            case .published:
                try await publish(ApartmentPublished(
                    apartmentId: a.id, realtorId: a.realtorId, cityId: a.cityId, districtId: a.districtId,
                    apartmentClass: a.apartmentClass, rooms: a.rooms, pricePerNightTiyn: a.pricePerNightTiyn,
                    realtorPhone: a.realtorPhone.isEmpty ? nil : a.realtorPhone, occurredAt: time), causedBy: cause, in: transaction)
                types.append(ApartmentPublished.messageType)
            case .updated:
                try await publish(ApartmentUpdated(
                    apartmentId: a.id, realtorId: a.realtorId, cityId: a.cityId, districtId: a.districtId,
                    apartmentClass: a.apartmentClass, rooms: a.rooms, pricePerNightTiyn: a.pricePerNightTiyn,
                    realtorPhone: a.realtorPhone.isEmpty ? nil : a.realtorPhone, occurredAt: time), causedBy: cause, in: transaction)
                types.append(ApartmentUpdated.messageType)
            case .hidden:
                try await publish(ApartmentHidden(
                    apartmentId: a.id, realtorId: a.realtorId, cityId: a.cityId, districtId: a.districtId,
                    apartmentClass: a.apartmentClass, rooms: a.rooms, pricePerNightTiyn: a.pricePerNightTiyn,
                    realtorPhone: a.realtorPhone.isEmpty ? nil : a.realtorPhone, occurredAt: time), causedBy: cause, in: transaction)
                types.append(ApartmentHidden.messageType)
            }
        }
        return types
    }

    private func publish<E: Event>(_ event: E, causedBy cause: EnvelopeMetadata?,
                                   in transaction: DatabaseTransaction) async throws
    {
        if let cause {
            try await outbox.publish(event, causedBy: cause, in: transaction)
        } else {
            try await outbox.publish(event, in: transaction)
        }
    }
}
