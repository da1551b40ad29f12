import Foundation

/// Reply to ``CheckAvailability``: the requested apartments that are not free for the whole period.
public struct AvailabilityResult: Message {
    public static let messageType: MessageType = "booking.availability.check.reply.v1"

    public var busyApartmentIds: [UUID]

    public init(busyApartmentIds: [UUID]) {
        self.busyApartmentIds = busyApartmentIds
    }
}
