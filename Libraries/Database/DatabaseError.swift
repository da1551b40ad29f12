/// An error from the database layer: a server error (with its SQLSTATE), a lost connection, a value
/// that could not be decoded, an invalid statement, a closed pool or a migration problem.
///
/// The description never contains connection passwords or bound parameter values.
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, broadly.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case connection, server, decoding, invalidQuery, transaction, poolClosed, migration, configuration
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// Connecting failed or an established connection broke.
        public static let connection = Kind(.connection)
        /// The server rejected the statement (see `sqlState`).
        public static let server = Kind(.server)
        /// A column could not be decoded into the requested Swift type, or is missing.
        public static let decoding = Kind(.decoding)
        /// The statement could not be built (invalid identifier, NUL character, too many parameters).
        public static let invalidQuery = Kind(.invalidQuery)
        /// A transaction could not commit (it was rolled back).
        public static let transaction = Kind(.transaction)
        /// The pool was shut down or the connection lease had ended.
        public static let poolClosed = Kind(.poolClosed)
        /// Migration files or applied migrations are inconsistent.
        public static let migration = Kind(.migration)
        /// The configuration is unusable.
        public static let configuration = Kind(.configuration)

        public var description: String { base.rawValue }
    }

    public let kind: Kind
    /// The five-character SQLSTATE code of a server error (`23505`, …).
    public let sqlState: String?
    /// The primary human-readable message.
    public let message: String
    /// The server's DETAIL, which may contain row values: not part of `description`.
    public let detail: String?
    /// The server's HINT.
    public let hint: String?
    /// The violated constraint's name, for integrity errors.
    public let constraint: String?
    /// The table concerned, when the server reports one.
    public let table: String?

    public init(kind: Kind, message: String, sqlState: String? = nil, detail: String? = nil,
                hint: String? = nil, constraint: String? = nil, table: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.detail = detail
        self.hint = hint
        self.constraint = constraint
        self.table = table
    }

    /// 23505: a unique constraint or unique index rejected the row.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// 23P01: an exclusion constraint rejected the row (e.g. overlapping bookings).
    public var isExclusionViolation: Bool { sqlState == "23P01" }
    /// 23503: a foreign key rejected the row.
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// 23502: a NOT NULL column got NULL.
    public var isNotNullViolation: Bool { sqlState == "23502" }
    /// 23514: a CHECK constraint rejected the row.
    public var isCheckViolation: Bool { sqlState == "23514" }
    /// 40001: a serializable transaction must be retried.
    public var isSerializationFailure: Bool { sqlState == "40001" }
    /// 40P01: the transaction was chosen as a deadlock victim and may be retried.
    public var isDeadlock: Bool { sqlState == "40P01" }
    /// 42501: the role lacks a privilege.
    public var isPermissionDenied: Bool { sqlState == "42501" }
    /// 42P01: the table does not exist.
    public var isUndefinedTable: Bool { sqlState == "42P01" }

    /// The connection could not be made or broke (including the server shutting down); the pool
    /// reconnects on next use, so the operation can be retried.
    public var isConnectionFailure: Bool {
        if kind == .connection { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || sqlState == "57P01" || sqlState == "57P02" || sqlState == "57P03"
    }

    public var description: String {
        var text = "DatabaseError(\(kind)"
        if let sqlState { text += ", sqlState: \(sqlState)" }
        text += "): \(message)"
        if let constraint { text += " (constraint \(constraint))" }
        if let hint { text += " Hint: \(hint)" }
        return text
    }
}
