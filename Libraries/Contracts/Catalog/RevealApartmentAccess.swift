import Foundation

/// RPC: the decrypted access details of an apartment (address, entrance, floor, apartment number, intercom and
/// safe codes, the realtor's phone). Every call is written to the catalog's access audit, refused ones too.
///
/// Allowed: `superadmin`; the owning `realtor`; a `guest` with a `bookingId` that the catalog verifies with the
/// booking service (`booking.get.v1`): the booking must be paid or checked in, its `guestId` must be the
/// requester's `userId` and its `apartmentId` this apartment. Unknown apartment: `not_found`; anyone else
/// (including a guest whose booking cannot be verified right now): `forbidden`, audited like every request.
public struct RevealApartmentAccess: RPCRequest {
    public typealias Response = ApartmentAccessDetails
    public static let messageType: MessageType = "catalog.apartment.access.v1"
    public static let destination: ServiceName = .catalog

    public var apartmentId: UUID
    public var requester: AccessRequester
    /// The booking that entitles a guest; optional for realtors and the superadmin (audited when given).
    public var bookingId: UUID?
    public var purpose: AccessPurpose
    public var channel: AccessChannel

    public init(apartmentId: UUID, requester: AccessRequester, bookingId: UUID? = nil, purpose: AccessPurpose,
                channel: AccessChannel)
    {
        self.apartmentId = apartmentId
        self.requester = requester
        self.bookingId = bookingId
        self.purpose = purpose
        self.channel = channel
    }
}

/// Reply to ``RevealApartmentAccess``. Secret: never log it, never persist it outside the catalog.
public struct ApartmentAccessDetails: Message {
    public static let messageType: MessageType = "catalog.apartment.access.reply.v1"

    public var apartmentId: UUID
    /// Street and building («ул. Кабанбай батыра, 11»).
    public var address: String
    /// Подъезд; empty when not entered yet.
    public var entrance: String
    public var floor: Int?
    /// Apartment number («45», «12А»); empty when not entered yet.
    public var apartmentNumber: String
    /// Код домофона; nil when not entered yet (never for a published apartment).
    public var intercomCode: String?
    /// Код сейфа / key box; nil when not entered yet (never for a published apartment).
    public var safeCode: String?
    /// The realtor's phone, E.164 (`+77011234567`).
    public var realtorPhone: String
    /// The id of the audit row written for this reveal.
    public var auditId: Int64

    public init(apartmentId: UUID, address: String, entrance: String, floor: Int?, apartmentNumber: String,
                intercomCode: String?, safeCode: String?, realtorPhone: String, auditId: Int64)
    {
        self.apartmentId = apartmentId
        self.address = address
        self.entrance = entrance
        self.floor = floor
        self.apartmentNumber = apartmentNumber
        self.intercomCode = intercomCode
        self.safeCode = safeCode
        self.realtorPhone = realtorPhone
        self.auditId = auditId
    }
}
