import Foundation

/// A Swift value that can be sent to PostgreSQL as a bound parameter (`$n`).
///
/// Conform your own types by providing `sqlType` and `sqlValue`; a `RawRepresentable` type whose raw
/// value is bindable (e.g. `enum Status: String`) only has to declare the conformance.
public protocol SQLBindable: Sendable {
    /// The PostgreSQL type this Swift type is sent as (also used for its NULL).
    static var sqlType: PostgresType { get }
    /// The parameter.
    var sqlValue: SQLValue { get }
}

extension SQLBindable where Self: RawRepresentable, RawValue: SQLBindable {
    public static var sqlType: PostgresType { RawValue.sqlType }
    public var sqlValue: SQLValue { rawValue.sqlValue }
}

extension String: SQLBindable {
    public static var sqlType: PostgresType { .unknown }
    public var sqlValue: SQLValue { .text(self, type: .unknown) }
}

extension Substring: SQLBindable {
    public static var sqlType: PostgresType { .unknown }
    public var sqlValue: SQLValue { .text(String(self), type: .unknown) }
}

extension Int: SQLBindable {
    public static var sqlType: PostgresType { .int8 }
    public var sqlValue: SQLValue { .text(String(self), type: .int8) }
}

extension Int64: SQLBindable {
    public static var sqlType: PostgresType { .int8 }
    public var sqlValue: SQLValue { .text(String(self), type: .int8) }
}

extension Int32: SQLBindable {
    public static var sqlType: PostgresType { .int4 }
    public var sqlValue: SQLValue { .text(String(self), type: .int4) }
}

extension Int16: SQLBindable {
    public static var sqlType: PostgresType { .int2 }
    public var sqlValue: SQLValue { .text(String(self), type: .int2) }
}

extension Bool: SQLBindable {
    public static var sqlType: PostgresType { .bool }
    public var sqlValue: SQLValue { .text(self ? "t" : "f", type: .bool) }
}

extension Double: SQLBindable {
    public static var sqlType: PostgresType { .float8 }
    public var sqlValue: SQLValue { .text(PostgresText.format(self), type: .float8) }
}

extension UUID: SQLBindable {
    public static var sqlType: PostgresType { .uuid }
    public var sqlValue: SQLValue { .text(uuidString, type: .uuid) }
}

extension Date: SQLBindable {
    /// Sent as `timestamptz` with microsecond precision (PostgreSQL's own precision).
    public static var sqlType: PostgresType { .timestamptz }
    public var sqlValue: SQLValue { .text(PostgresTimestamp.format(self), type: .timestamptz) }
}

extension Decimal: SQLBindable {
    public static var sqlType: PostgresType { .numeric }
    public var sqlValue: SQLValue { .text(description, type: .numeric) }
}

extension Data: SQLBindable {
    /// Sent as `bytea` in binary format: any byte, including zero, arrives unchanged.
    public static var sqlType: PostgresType { .bytea }
    public var sqlValue: SQLValue { SQLValue(type: .bytea, content: .binary(self)) }
}

extension Optional: SQLBindable where Wrapped: SQLBindable {
    public static var sqlType: PostgresType { Wrapped.sqlType }
    public var sqlValue: SQLValue {
        switch self {
        case .some(let value): value.sqlValue
        case .none: .null(Wrapped.sqlType)
        }
    }
}

/// An element type of a bindable array (`[String]`, `[Int64]`, `[UUID]`, …), sent as a PostgreSQL
/// array literal in text format with the array type's OID.
public protocol SQLArrayElement: SQLBindable {
    /// The OID of the array type (`text[]`, `int8[]`, …).
    static var sqlArrayType: PostgresType { get }
}

extension String: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .textArray }
}

extension Int: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .int8Array }
}

extension Int64: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .int8Array }
}

extension Int32: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .int4Array }
}

extension Int16: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .int2Array }
}

extension Bool: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .boolArray }
}

extension Double: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .float8Array }
}

extension UUID: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .uuidArray }
}

extension Date: SQLArrayElement {
    public static var sqlArrayType: PostgresType { .timestamptzArray }
}

extension Optional: SQLArrayElement where Wrapped: SQLArrayElement {
    public static var sqlArrayType: PostgresType { Wrapped.sqlArrayType }
}

extension Array: SQLBindable where Element: SQLArrayElement {
    public static var sqlType: PostgresType { Element.sqlArrayType }
    public var sqlValue: SQLValue {
        .text(PostgresArray.format(map(\.sqlValue)), type: Element.sqlArrayType)
    }
}
