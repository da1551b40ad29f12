import Foundation

/// RPC: which of these apartments are busy (held, paid or occupied) for any part of `[checkIn, checkOut)`.
/// The gateway asks it for every search; apartments not listed in the reply are free.
public struct CheckAvailability: RPCRequest {
    public typealias Response = AvailabilityResult
    public static let messageType: MessageType = "booking.availability.check.v1"
    public static let destination: ServiceName = .booking

    public var apartmentIds: [UUID]
    /// Check-in instant (UTC).
    public var checkIn: Date
    /// Check-out instant (UTC), after `checkIn`.
    public var checkOut: Date

    public init(apartmentIds: [UUID], checkIn: Date, checkOut: Date) {
        self.apartmentIds = apartmentIds
        self.checkIn = checkIn
        self.checkOut = checkOut
    }
}
