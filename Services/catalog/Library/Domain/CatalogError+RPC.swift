import Contracts
import Messaging

/// The one place where catalog errors become RPC error replies (`RPCError.remote(code:message:)` for the caller).
extension CatalogError: RPCErrorConvertible {
    public var rpcError: RPCRemoteError {
        switch self {
        case .cityNotFound, .districtNotFound, .apartmentNotFound, .photoNotFound:
            RPCRemoteError(code: CatalogErrorCode.notFound, message: description)
        case .forbidden:
            RPCRemoteError(code: CatalogErrorCode.forbidden, message: description)
        case .invalidField, .invalidPhoto:
            RPCRemoteError(code: CatalogErrorCode.badRequest, message: description)
        case .incompleteForPublishing, .duplicatePhoto:
            RPCRemoteError(code: CatalogErrorCode.conflict, message: description)
        case .codesUnreadable:
            // Operators must fix the keyring; callers only learn that it failed.
            RPCRemoteError(code: CatalogErrorCode.internal, message: "access details are unavailable")
        }
    }
}
