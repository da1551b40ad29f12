import Foundation

/// A string-backed identifier that travels as a plain JSON string and can be written as a literal.
public protocol StringIdentifier: RawRepresentable, Hashable, Codable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible where RawValue == String
{
    init(rawValue: String)
}

extension StringIdentifier {
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
}

/// The explicit, versioned type string of a message (`booking.confirmed.v1`).
/// It is declared by each message type, never derived from a Swift type name, and doubles as the routing key.
public struct MessageType: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
}

/// A service of ЖильеGO, as named in queues (`catalog.events`) and in the `producer` field of envelopes.
public struct ServiceName: StringIdentifier {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let gateway: ServiceName = "gateway"
    public static let catalog: ServiceName = "catalog"
    public static let booking: ServiceName = "booking"
    public static let payments: ServiceName = "payments"
    public static let notifier: ServiceName = "notifier"
    public static let analytics: ServiceName = "analytics"
    public static let admin: ServiceName = "admin"

    public static let all: [ServiceName] = [.gateway, .catalog, .booking, .payments, .notifier, .analytics, .admin]
}

/// Anything that travels over the bus: a typed, immutable payload with a declared type string.
public protocol Message: Codable, Sendable, Equatable {
    static var messageType: MessageType { get }
}

/// A past-tense fact (`BookingConfirmed`), published to the events topic exchange with its type as routing key.
/// Any number of services (and third-party consumers) may subscribe.
public protocol Event: Message {}

/// An imperative request (`CancelBooking`) for exactly one service, delivered to `<service>.commands`.
public protocol Command: Message {
    static var destination: ServiceName { get }
}

/// A request answered by exactly one service through `<service>.rpc`, with a typed response.
public protocol RPCRequest: Message {
    associatedtype Response: Message
    static var destination: ServiceName { get }
}
