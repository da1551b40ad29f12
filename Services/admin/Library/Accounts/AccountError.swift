import Contracts
import Messaging

/// The admin service's domain errors, mapped to RPC error replies in one place.
public enum AccountError: Error, Equatable, CustomStringConvertible {
    /// The requester may not do this (a non-superadmin creating an invite).
    case forbidden(String)
    case invalidField(field: String, reason: String)

    public var description: String {
        switch self {
        case .forbidden(let reason): "forbidden: \(reason)"
        case .invalidField(let field, let reason): "\(field): \(reason)"
        }
    }
}

extension AccountError: RPCErrorConvertible {
    public var rpcError: RPCRemoteError {
        switch self {
        case .forbidden: RPCRemoteError(code: CatalogErrorCode.forbidden, message: description)
        case .invalidField: RPCRemoteError(code: CatalogErrorCode.badRequest, message: description)
        }
    }
}
