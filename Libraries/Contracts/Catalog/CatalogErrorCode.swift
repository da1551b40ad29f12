/// The `code` of an `RPCError.remote(code:message:)` answered by the catalog. Stable: callers branch on them.
public enum CatalogErrorCode {
    /// The city, district, apartment or photo does not exist.
    public static let notFound = "not_found"
    /// The requester may not see what it asked for (access details of someone else's apartment).
    public static let forbidden = "forbidden"
    /// The request is malformed or a field is out of range (also what the bus answers for undecodable requests).
    public static let badRequest = "bad_request"
    /// The request is well-formed but the apartment's state does not allow it (publishing an incomplete
    /// apartment, the same photo twice).
    public static let conflict = "conflict"
    /// Anything else; details are in the catalog's log.
    public static let `internal` = "internal"
}
