/// A control-API failure: an HTTP status and a message for the person or test that made the call.
public struct ControlError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    public let message: String

    public init(status: Int, _ message: String) {
        self.status = status
        self.message = message
    }

    public var description: String { "\(status): \(message)" }

    static func badRequest(_ message: String) -> ControlError { ControlError(status: 400, message) }
    static func notFound(_ message: String) -> ControlError { ControlError(status: 404, message) }
    static func conflict(_ message: String) -> ControlError { ControlError(status: 409, message) }
}
