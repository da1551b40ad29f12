/// An error of the message bus. Opaque on purpose: match on `kind`, read `description` in logs.
public struct MessagingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, coarsely. New kinds may be added; switch with a `default`.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        let name: String

        /// The configuration (URL, numbers, subscriptions) is invalid; retrying will not help.
        public static let configuration = Kind(name: "configuration")
        /// The broker is unreachable: the publish was not sent before its deadline. Retry later.
        public static let notConnected = Kind(name: "notConnected")
        /// The connection broke before the broker confirmed every message. Some may have been delivered: retry all.
        public static let connectionLost = Kind(name: "connectionLost")
        /// The broker refused (nacked) a message.
        public static let rejected = Kind(name: "rejected")
        /// A mandatory message (a command) could not be routed to any queue: its destination never declared it.
        public static let unroutable = Kind(name: "unroutable")
        /// The broker did not confirm within the publish timeout.
        public static let timeout = Kind(name: "timeout")
        /// The bus was shut down.
        public static let shutdown = Kind(name: "shutdown")
        /// A message could not be encoded.
        public static let encoding = Kind(name: "encoding")

        public var description: String { name }
    }

    public let kind: Kind
    public let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "messaging error (\(kind)): \(message)" }
}
