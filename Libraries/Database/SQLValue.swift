import Foundation

/// One bound parameter as it travels to PostgreSQL: its type and its value in text or binary format.
public struct SQLValue: Sendable, Hashable {
    /// The value of a parameter.
    public enum Content: Sendable, Hashable {
        /// SQL NULL.
        case null
        /// PostgreSQL text format (what `psql` prints).
        case text(String)
        /// PostgreSQL binary format (used for `bytea`: the raw bytes).
        case binary(Data)
    }

    public var type: PostgresType
    public var content: Content

    public init(type: PostgresType, content: Content) {
        self.type = type
        self.content = content
    }

    public static func null(_ type: PostgresType = .unknown) -> SQLValue {
        SQLValue(type: type, content: .null)
    }

    public static func text(_ text: String, type: PostgresType) -> SQLValue {
        SQLValue(type: type, content: .text(text))
    }
}
