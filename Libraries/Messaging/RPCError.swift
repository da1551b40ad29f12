import Foundation

/// Why ``MessageBus/request(_:timeout:)`` failed.
public enum RPCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No reply within the timeout: the serving service is down, slow or overloaded. The request expires in its
    /// queue, so it is not handled later.
    case timeout
    /// The serving service answered with an error of its own (see ``RPCRemoteError``).
    case remote(code: String, message: String)
    /// RabbitMQ is unreachable, the connection broke while waiting, or nobody ever declared the serving queue.
    case unavailable
    /// The reply could not be decoded as the expected response type.
    case decoding

    public var description: String {
        switch self {
        case .timeout: "RPC timed out"
        case let .remote(code, message): "RPC failed remotely: \(code): \(message)"
        case .unavailable: "RPC unavailable: the broker or the serving queue cannot be reached"
        case .decoding: "RPC reply could not be decoded"
        }
    }

    var metricLabel: String {
        switch self {
        case .timeout: "timeout"
        case .remote: "remote_error"
        case .unavailable: "unavailable"
        case .decoding: "decoding"
        }
    }
}

/// A typed error sent back to an RPC caller, who receives it as `RPCError.remote(code:message:)`.
/// Throw it (or any ``RPCErrorConvertible``) from an `onRequest` handler; any other error reaches the caller as
/// code `internal` with a generic message (details stay in the server's log).
public struct RPCRemoteError: Error, Sendable, Equatable, Codable, CustomStringConvertible {
    /// Machine-readable, stable (`listing_not_found`).
    public var code: String
    /// Human-readable, for logs; never secrets.
    public var message: String

    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    static let internalError = RPCRemoteError(code: "internal", message: "the service failed to handle the request")
    static let badRequest = "bad_request"
}

/// A service's own error type that knows how to present itself to RPC callers.
public protocol RPCErrorConvertible: Error {
    var rpcError: RPCRemoteError { get }
}

extension RPCRemoteError: RPCErrorConvertible {
    public var rpcError: RPCRemoteError { self }
}

/// The AMQP `type` of an error reply; its body is an encoded ``RPCRemoteError``.
enum RPCWire {
    static let errorReplyType = "zhilyego.rpc.error"
    static let replyTo = "amq.rabbitmq.reply-to"
}
