import Foundation

/// A Swift value that can be read from a result column in PostgreSQL text format.
///
/// Conform your own types by implementing `init(sqlText:)`; a `RawRepresentable` type whose raw value
/// is decodable (e.g. `enum Status: String`) only has to declare the conformance.
public protocol SQLDecodable: Sendable {
    /// Creates a value from the text of a non-NULL column. Throw any error when the text does not fit;
    /// `Row` reports it as a decoding `DatabaseError` naming the column.
    init(sqlText: String) throws
    /// The value a SQL NULL decodes to; `nil` (the default) means NULL is an error for this type.
    static var sqlNull: Self? { get }
}

extension SQLDecodable {
    public static var sqlNull: Self? { nil }
}

/// The error a standard `SQLDecodable` conformance throws for text it cannot read.
struct SQLDecodingFailure: Error, CustomStringConvertible {
    let description: String

    init(_ typeName: String, _ text: String) {
        let shown = text.count > 64 ? String(text.prefix(64)) + "…" : text
        description = "cannot read \(typeName) from \"\(shown)\""
    }
}

extension SQLDecodable where Self: RawRepresentable, RawValue: SQLDecodable {
    public init(sqlText: String) throws {
        let raw = try RawValue(sqlText: sqlText)
        guard let value = Self(rawValue: raw) else {
            throw SQLDecodingFailure(String(describing: Self.self), sqlText)
        }
        self = value
    }
}

extension String: SQLDecodable {
    public init(sqlText: String) {
        self = sqlText
    }
}

extension Int: SQLDecodable {
    public init(sqlText: String) throws {
        guard let value = Int(sqlText) else { throw SQLDecodingFailure("Int", sqlText) }
        self = value
    }
}

extension Int64: SQLDecodable {
    public init(sqlText: String) throws {
        guard let value = Int64(sqlText) else { throw SQLDecodingFailure("Int64", sqlText) }
        self = value
    }
}

extension Int32: SQLDecodable {
    public init(sqlText: String) throws {
        guard let value = Int32(sqlText) else { throw SQLDecodingFailure("Int32", sqlText) }
        self = value
    }
}

extension Int16: SQLDecodable {
    public init(sqlText: String) throws {
        guard let value = Int16(sqlText) else { throw SQLDecodingFailure("Int16", sqlText) }
        self = value
    }
}

extension Bool: SQLDecodable {
    public init(sqlText: String) throws {
        switch sqlText {
        case "t", "true", "TRUE", "1", "on", "yes": self = true
        case "f", "false", "FALSE", "0", "off", "no": self = false
        default: throw SQLDecodingFailure("Bool", sqlText)
        }
    }
}

extension Double: SQLDecodable {
    public init(sqlText: String) throws {
        guard let value = PostgresText.parseDouble(sqlText) else { throw SQLDecodingFailure("Double", sqlText) }
        self = value
    }
}

extension UUID: SQLDecodable {
    public init(sqlText: String) throws {
        guard let value = UUID(uuidString: sqlText) else { throw SQLDecodingFailure("UUID", sqlText) }
        self = value
    }
}

extension Date: SQLDecodable {
    /// Reads `timestamptz`, `timestamp` (taken as UTC) and `date` (midnight UTC) with microseconds.
    public init(sqlText: String) throws {
        guard let value = PostgresTimestamp.parse(sqlText) else { throw SQLDecodingFailure("Date", sqlText) }
        self = value
    }
}

extension Decimal: SQLDecodable {
    public init(sqlText: String) throws {
        guard let value = Decimal(string: sqlText, locale: nil) else {
            throw SQLDecodingFailure("Decimal", sqlText)
        }
        self = value
    }
}

extension Data: SQLDecodable {
    /// Reads `bytea` in hex output format (`\x0001ff`), PostgreSQL's default.
    public init(sqlText: String) throws {
        guard let value = PostgresText.parseByteaHex(sqlText) else { throw SQLDecodingFailure("Data", sqlText) }
        self = value
    }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
    public init(sqlText: String) throws {
        self = .some(try Wrapped(sqlText: sqlText))
    }

    public static var sqlNull: Self? { .some(.none) }
}

extension Array: SQLDecodable where Element: SQLDecodable {
    /// Reads a one-dimensional PostgreSQL array (`{a,"b c",NULL}`); NULL elements need an optional element type.
    public init(sqlText: String) throws {
        guard let items = PostgresArray.parse(sqlText) else {
            throw SQLDecodingFailure("[\(Element.self)]", sqlText)
        }
        self = try items.map { item in
            guard let item else {
                guard let null = Element.sqlNull else { throw SQLDecodingFailure("[\(Element.self)]", sqlText) }
                return null
            }
            return try Element(sqlText: item)
        }
    }
}
