import Foundation

/// Why a realtor took dates off sale.
public enum BlockReason: String, Codable, Sendable, Equatable, CaseIterable {
    case repair
    /// The realtor (or their people) stay there.
    case ownUse = "own_use"
    /// «Занято на другой площадке»: booked on Airbnb, Booking.com, Avito…
    case elsewhere
}

/// A realtor's block: a period of an apartment nobody can book, under the same exclusion constraint as bookings.
public struct BlockSummary: Codable, Sendable, Equatable {
    public var blockId: UUID
    public var apartmentId: UUID
    /// Telegram user id of the apartment's realtor.
    public var realtorId: Int64
    /// `[from, to)`, instants (UTC). The bot blocks whole nights: from 12:00 (UTC+5) of the first night's date to
    /// 12:00 of the day after the last night, so a guest may leave at noon on the first day and arrive at 14:00
    /// on the day after.
    public var from: Date
    public var to: Date
    public var reason: BlockReason
    /// Who placed it (Telegram user id).
    public var createdBy: Int64

    public init(blockId: UUID, apartmentId: UUID, realtorId: Int64, from: Date, to: Date, reason: BlockReason,
                createdBy: Int64)
    {
        self.blockId = blockId
        self.apartmentId = apartmentId
        self.realtorId = realtorId
        self.from = from
        self.to = to
        self.reason = reason
        self.createdBy = createdBy
    }
}

/// RPC: block `[from, to)` of an apartment. Only its realtor (by booking's replica of the catalog) or a superadmin
/// may; `actor` is who the edge established. Idempotent by `requestId`.
public struct PlaceBlock: RPCRequest {
    public typealias Response = BlockOutcome
    public static let messageType: MessageType = "booking.block.place.v1"
    public static let destination: ServiceName = .booking

    public var requestId: UUID
    public var apartmentId: UUID
    public var from: Date
    public var to: Date
    public var reason: BlockReason
    public var actor: AccessRequester

    public init(requestId: UUID = UUID(), apartmentId: UUID, from: Date, to: Date, reason: BlockReason,
                actor: AccessRequester)
    {
        self.requestId = requestId
        self.apartmentId = apartmentId
        self.from = from
        self.to = to
        self.reason = reason
        self.actor = actor
    }
}

/// RPC: remove a block (its realtor or a superadmin).
public struct RemoveBlock: RPCRequest {
    public typealias Response = BlockOutcome
    public static let messageType: MessageType = "booking.block.remove.v1"
    public static let destination: ServiceName = .booking

    public var blockId: UUID
    public var actor: AccessRequester

    public init(blockId: UUID, actor: AccessRequester) {
        self.blockId = blockId
        self.actor = actor
    }
}

/// Reply to ``PlaceBlock`` and ``RemoveBlock``.
public struct BlockOutcome: Message {
    public static let messageType: MessageType = "booking.block.reply.v1"

    public enum Result: String, Codable, Sendable, Equatable {
        case placed
        case removed
        /// No such apartment or block — or one the actor may not touch (someone else's looks the same).
        case notFound = "not_found"
        /// The period overlaps a live booking (`conflictingBookingNumber`) or another block.
        case overlaps
        /// `to` not after `from`, a period in the past or longer than a year.
        case invalidDates = "invalid_dates"
    }

    public var result: Result
    public var block: BlockSummary?
    /// The live booking the period overlaps, for the realtor to see which guest is in the way.
    public var conflictingBookingNumber: String?

    public init(result: Result, block: BlockSummary? = nil, conflictingBookingNumber: String? = nil) {
        self.result = result
        self.block = block
        self.conflictingBookingNumber = conflictingBookingNumber
    }
}

/// A realtor blocked dates (the calendar and the occupancy denominator need it).
public struct BlockPlaced: Event {
    public static let messageType: MessageType = "booking.block.placed.v1"
    public var block: BlockSummary
    public init(block: BlockSummary) { self.block = block }
}

/// A block was removed: the dates are free again unless booked.
public struct BlockRemoved: Event {
    public static let messageType: MessageType = "booking.block.removed.v1"
    public var block: BlockSummary
    /// Who removed it (Telegram user id).
    public var removedBy: Int64
    public init(block: BlockSummary, removedBy: Int64) {
        self.block = block
        self.removedBy = removedBy
    }
}
