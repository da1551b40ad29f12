import Contracts
import Foundation

/// An apartment of the catalog, guarding its own invariants: a positive, sane price; 1…4 rooms (4 = «4+»);
/// six distinct photos at positions 1…6; codes, address and description before it can be published.
///
/// Changes are recorded in ``changes`` (published, updated, hidden) for the caller to turn into events in the
/// same transaction that stores the apartment. Codes are held sealed: the aggregate never sees plaintext.
public struct Apartment: Sendable, Equatable {
    /// What happened to a listing, in order, since the apartment was loaded.
    public enum Change: Sendable, Equatable {
        /// Became listed: first publication, or shown again after being hidden.
        case published
        /// A published apartment's data changed.
        case updated
        /// A published apartment was hidden.
        case hidden
    }

    /// 1 tiyn … 10 000 000 ₸ a night.
    public static let pricePerNightTiynRange: ClosedRange<Int64> = 1...1_000_000_000
    /// 4 means «4+».
    public static let roomsRange: ClosedRange<Int> = 1...4
    public static let photoCount = 6
    public static let floorRange: ClosedRange<Int> = -5...200
    public static let maximumDescriptionLength = 2000
    public static let maximumAddressLength = 200
    public static let maximumShortFieldLength = 20

    public let id: UUID
    /// Telegram user id of the owning realtor.
    public let realtorId: Int64
    public private(set) var cityId: Int
    public private(set) var districtId: Int
    public private(set) var apartmentClass: ApartmentClass
    public private(set) var rooms: Int
    public private(set) var pricePerNightTiyn: Int64
    /// Street and building.
    public private(set) var address: String
    /// Подъезд.
    public private(set) var entrance: String
    public private(set) var floor: Int?
    public private(set) var apartmentNumber: String
    public private(set) var intercomCode: SealedCode?
    public private(set) var safeCode: SealedCode?
    public private(set) var description: String
    /// E.164.
    public private(set) var realtorPhone: String
    /// By position.
    public private(set) var photos: [ApartmentPhotoRef]
    public private(set) var isPublished: Bool
    public private(set) var publishedAt: Date?
    public private(set) var isHidden: Bool
    public private(set) var hiddenAt: Date?
    public let ratingSum: Int64
    public let ratingCount: Int
    public let createdAt: Date
    public private(set) var updatedAt: Date
    public private(set) var changes: [Change] = []

    /// Listed in search: published and not hidden.
    public var isListed: Bool { isPublished && !isHidden }

    /// A new, unpublished apartment with what the first steps of the realtor's dialogue collect.
    public init(id: UUID, realtorId: Int64, cityId: Int, districtId: Int, apartmentClass: ApartmentClass, rooms: Int,
                pricePerNightTiyn: Int64, now: Date) throws(CatalogError)
    {
        try Self.validate(rooms: rooms)
        try Self.validate(pricePerNightTiyn: pricePerNightTiyn)
        self.init(id: id, realtorId: realtorId, cityId: cityId, districtId: districtId, apartmentClass: apartmentClass,
                  rooms: rooms, pricePerNightTiyn: pricePerNightTiyn, address: "", entrance: "", floor: nil,
                  apartmentNumber: "", intercomCode: nil, safeCode: nil, description: "", realtorPhone: "",
                  photos: [], isPublished: false, publishedAt: nil, isHidden: false, hiddenAt: nil, ratingSum: 0,
                  ratingCount: 0, createdAt: now, updatedAt: now)
    }

    /// Restores a stored apartment (repositories only).
    init(id: UUID, realtorId: Int64, cityId: Int, districtId: Int, apartmentClass: ApartmentClass, rooms: Int,
         pricePerNightTiyn: Int64, address: String, entrance: String, floor: Int?, apartmentNumber: String,
         intercomCode: SealedCode?, safeCode: SealedCode?, description: String, realtorPhone: String,
         photos: [ApartmentPhotoRef], isPublished: Bool, publishedAt: Date?, isHidden: Bool, hiddenAt: Date?,
         ratingSum: Int64, ratingCount: Int, createdAt: Date, updatedAt: Date)
    {
        self.id = id
        self.realtorId = realtorId
        self.cityId = cityId
        self.districtId = districtId
        self.apartmentClass = apartmentClass
        self.rooms = rooms
        self.pricePerNightTiyn = pricePerNightTiyn
        self.address = address
        self.entrance = entrance
        self.floor = floor
        self.apartmentNumber = apartmentNumber
        self.intercomCode = intercomCode
        self.safeCode = safeCode
        self.description = description
        self.realtorPhone = realtorPhone
        self.photos = photos.sorted { $0.position < $1.position }
        self.isPublished = isPublished
        self.publishedAt = publishedAt
        self.isHidden = isHidden
        self.hiddenAt = hiddenAt
        self.ratingSum = ratingSum
        self.ratingCount = ratingCount
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    // MARK: Editing

    /// Moves the apartment to another district (the caller has checked that the district belongs to the city).
    public mutating func relocate(cityId: Int, districtId: Int, now: Date) {
        guard cityId != self.cityId || districtId != self.districtId else { return }
        self.cityId = cityId
        self.districtId = districtId
        touch(now)
    }

    public mutating func setClass(_ apartmentClass: ApartmentClass, now: Date) {
        guard apartmentClass != self.apartmentClass else { return }
        self.apartmentClass = apartmentClass
        touch(now)
    }

    public mutating func setRooms(_ rooms: Int, now: Date) throws(CatalogError) {
        try Self.validate(rooms: rooms)
        guard rooms != self.rooms else { return }
        self.rooms = rooms
        touch(now)
    }

    public mutating func setPrice(tiyn: Int64, now: Date) throws(CatalogError) {
        try Self.validate(pricePerNightTiyn: tiyn)
        guard tiyn != pricePerNightTiyn else { return }
        pricePerNightTiyn = tiyn
        touch(now)
    }

    public mutating func setAddress(_ address: String, now: Date) throws(CatalogError) {
        let value = try Self.text(address, field: "address", maximum: Self.maximumAddressLength)
        guard value != self.address else { return }
        self.address = value
        touch(now)
    }

    public mutating func setEntrance(_ entrance: String, now: Date) throws(CatalogError) {
        let value = try Self.text(entrance, field: "entrance", maximum: Self.maximumShortFieldLength)
        guard value != self.entrance else { return }
        self.entrance = value
        touch(now)
    }

    public mutating func setFloor(_ floor: Int, now: Date) throws(CatalogError) {
        guard Self.floorRange.contains(floor) else {
            throw .invalidField(field: "floor", reason: "must be in \(Self.floorRange.lowerBound)…\(Self.floorRange.upperBound)")
        }
        guard floor != self.floor else { return }
        self.floor = floor
        touch(now)
    }

    public mutating func setApartmentNumber(_ number: String, now: Date) throws(CatalogError) {
        let value = try Self.text(number, field: "apartmentNumber", maximum: Self.maximumShortFieldLength)
        guard value != apartmentNumber else { return }
        apartmentNumber = value
        touch(now)
    }

    public mutating func setDescription(_ description: String, now: Date) throws(CatalogError) {
        let value = try Self.text(description, field: "description", maximum: Self.maximumDescriptionLength)
        guard value != self.description else { return }
        self.description = value
        touch(now)
    }

    public mutating func setRealtorPhone(_ phone: String, now: Date) throws(CatalogError) {
        guard let value = PhoneNumber.normalize(phone) else {
            throw .invalidField(field: "realtorPhone", reason: "not a Kazakhstan phone number (+7 7xx xxx xx xx)")
        }
        guard value != realtorPhone else { return }
        realtorPhone = value
        touch(now)
    }

    /// Stores a newly sealed code. The caller skips codes equal to the current ones (it can open them).
    public mutating func setCode(_ code: SealedCode, field: AccessCodeField, now: Date) {
        switch field {
        case .intercom: intercomCode = code
        case .safe: safeCode = code
        }
        touch(now)
    }

    /// The sealed code of `field`, if entered.
    public func code(_ field: AccessCodeField) -> SealedCode? {
        switch field {
        case .intercom: intercomCode
        case .safe: safeCode
        }
    }

    /// Puts each photo at its position, replacing what was there (a photo with the same picture as the current one
    /// at its position changes nothing). Afterwards no picture may sit at two positions.
    public mutating func placePhotos(_ placed: [ApartmentPhotoRef], now: Date) throws(CatalogError) {
        var positions = Set<Int>()
        for photo in placed {
            guard (1...Self.photoCount).contains(photo.position) else {
                throw .invalidField(field: "photo.position", reason: "must be in 1…\(Self.photoCount)")
            }
            guard positions.insert(photo.position).inserted else {
                throw .invalidField(field: "photo.position", reason: "position \(photo.position) given twice")
            }
        }
        let replacing = placed.filter { photo(at: $0.position)?.sha256 != $0.sha256 }
        guard !replacing.isEmpty else { return }
        var result = photos.filter { current in !replacing.contains { $0.position == current.position } }
        result.append(contentsOf: replacing)
        result.sort { $0.position < $1.position }
        for (index, photo) in result.enumerated() {
            if let other = result[..<index].first(where: { $0.sha256 == photo.sha256 }) {
                throw .duplicatePhoto(position: photo.position, samePictureAt: other.position)
            }
        }
        photos = result
        touch(now)
    }

    /// The photo currently at `position`, if any.
    public func photo(at position: Int) -> ApartmentPhotoRef? {
        photos.first { $0.position == position }
    }

    // MARK: Listing

    /// What publishing still needs (empty when complete).
    public var missingForPublishing: [String] {
        var missing: [String] = []
        if address.isEmpty { missing.append("address") }
        if entrance.isEmpty { missing.append("entrance") }
        if floor == nil { missing.append("floor") }
        if apartmentNumber.isEmpty { missing.append("apartmentNumber") }
        if intercomCode == nil { missing.append("intercomCode") }
        if safeCode == nil { missing.append("safeCode") }
        if description.isEmpty { missing.append("description") }
        if realtorPhone.isEmpty { missing.append("realtorPhone") }
        if photos.count != Self.photoCount { missing.append("photos (\(photos.count) of \(Self.photoCount))") }
        return missing
    }

    /// Publishes a complete apartment (no-op when it already is). A hidden apartment stays hidden until shown.
    public mutating func publish(now: Date) throws(CatalogError) {
        guard !isPublished else { return }
        let missing = missingForPublishing
        guard missing.isEmpty else { throw .incompleteForPublishing(missing: missing) }
        isPublished = true
        publishedAt = now
        updatedAt = now
        if !isHidden { changes.append(.published) }
    }

    /// Takes the apartment out of search (no-op when already hidden).
    public mutating func hide(now: Date) {
        guard !isHidden else { return }
        isHidden = true
        hiddenAt = now
        updatedAt = now
        if isPublished { changes.append(.hidden) }
    }

    /// Offers a hidden apartment again (no-op when not hidden).
    public mutating func show(now: Date) {
        guard isHidden else { return }
        isHidden = false
        hiddenAt = nil
        updatedAt = now
        if isPublished { changes.append(.published) }
    }

    /// Forgets the recorded changes (after they were turned into events).
    public mutating func clearChanges() {
        changes = []
    }

    // MARK: Invariants

    private mutating func touch(_ now: Date) {
        updatedAt = now
        if isPublished, changes.last != .updated { changes.append(.updated) }
    }

    static func validate(rooms: Int) throws(CatalogError) {
        guard roomsRange.contains(rooms) else {
            throw .invalidField(field: "rooms", reason: "must be 1, 2, 3 or 4 (4 meaning four or more)")
        }
    }

    static func validate(pricePerNightTiyn: Int64) throws(CatalogError) {
        guard pricePerNightTiynRange.contains(pricePerNightTiyn) else {
            throw .invalidField(field: "pricePerNightTiyn",
                                reason: "must be positive and at most \(pricePerNightTiynRange.upperBound) tiyn")
        }
    }

    private static func text(_ value: String, field: String, maximum: Int) throws(CatalogError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count <= maximum else {
            throw .invalidField(field: field, reason: "longer than \(maximum) characters")
        }
        return trimmed
    }
}
