import Foundation

/// RPC: hold `[checkIn, checkOut)` of an apartment for a guest (PRODUCT.md scenario 3). The dates stay blocked
/// until the hold expires (15 minutes by default) or is paid. Exactly one of racing guests wins: the database's
/// exclusion constraint decides, the others get `unavailable`.
///
/// Idempotent by `requestId`: repeating a request (a retried RPC, a double press) answers the same booking.
public struct PlaceHold: RPCRequest {
    public typealias Response = HoldOutcome
    public static let messageType: MessageType = "booking.hold.place.v1"
    public static let destination: ServiceName = .booking

    public var requestId: UUID
    public var apartmentId: UUID
    public var guestId: Int64
    public var guestChatId: Int64
    public var checkIn: Date
    public var checkOut: Date

    public init(requestId: UUID, apartmentId: UUID, guestId: Int64, guestChatId: Int64, checkIn: Date,
                checkOut: Date)
    {
        self.requestId = requestId
        self.apartmentId = apartmentId
        self.guestId = guestId
        self.guestChatId = guestChatId
        self.checkIn = checkIn
        self.checkOut = checkOut
    }
}

/// Reply to ``PlaceHold``.
public struct HoldOutcome: Message {
    public static let messageType: MessageType = "booking.hold.place.reply.v1"

    public enum Result: String, Codable, Sendable, Equatable {
        /// `booking` is the new hold.
        case held
        /// Another live booking or a realtor's block overlaps the dates.
        case unavailable
        /// The apartment is unknown, hidden or not published.
        case apartmentUnavailable = "apartment_unavailable"
        /// Check-in in the past, check-out not after check-in, or not 1–30 nights; `reason` says which.
        case invalidDates = "invalid_dates"
        /// The guest already has as many unpaid holds as allowed (`BOOKING_MAX_ACTIVE_HOLDS`).
        case tooManyHolds = "too_many_holds"
    }

    public enum DateProblem: String, Codable, Sendable, Equatable {
        case checkInInPast = "check_in_in_past"
        case checkOutNotAfterCheckIn = "check_out_not_after_check_in"
        case tooShort = "too_short"
        case tooLong = "too_long"
    }

    public var result: Result
    public var booking: BookingSummary?
    public var dateProblem: DateProblem?

    public init(result: Result, booking: BookingSummary? = nil, dateProblem: DateProblem? = nil) {
        self.result = result
        self.booking = booking
        self.dateProblem = dateProblem
    }
}
