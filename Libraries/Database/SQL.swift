import Foundation

/// A SQL statement whose interpolated values are bound parameters, never text.
///
/// ```swift
/// let sql: SQL = "SELECT * FROM bookings WHERE id = \(id) AND guest = \(name)"
/// // → "SELECT * FROM bookings WHERE id = $1 AND guest = $2" with two parameters
/// ```
/// `\(identifier: name)` inserts a validated, quoted identifier; `\(unsafeRaw: text)` inserts trusted text
/// verbatim; `\(otherSQL)` embeds another fragment with its parameters (renumbered).
public struct SQL: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    enum Fragment: Sendable {
        case text(String)
        case parameter(SQLValue)
        /// An identifier that failed validation; executing the statement throws this message.
        case invalid(String)
    }

    private(set) var fragments: [Fragment]

    public init(stringLiteral value: String) {
        fragments = [.text(value)]
    }

    public init(stringInterpolation: StringInterpolation) {
        fragments = stringInterpolation.fragments
    }

    /// Trusted SQL text, used verbatim. Never pass user input here.
    public init(unsafeRaw text: String) {
        fragments = [.text(text)]
    }

    /// A quoted identifier (`"my schema"`); invalid names make execution throw.
    public static func identifier(_ name: String) -> SQL {
        var sql = SQL(unsafeRaw: "")
        sql.fragments = [SQL.identifierFragment(name)]
        return sql
    }

    /// A single bound parameter.
    public static func bind(_ value: some SQLBindable) -> SQL {
        var sql = SQL(unsafeRaw: "")
        sql.fragments = [.parameter(value.sqlValue)]
        return sql
    }

    public mutating func append(_ other: SQL) {
        for fragment in other.fragments { Self.append(fragment, to: &fragments) }
    }

    public static func + (lhs: SQL, rhs: SQL) -> SQL {
        var result = lhs
        result.append(rhs)
        return result
    }

    public static func += (lhs: inout SQL, rhs: SQL) {
        lhs.append(rhs)
    }

    /// The bound parameter values in order.
    public var parameters: [SQLValue] {
        fragments.compactMap { fragment in
            if case .parameter(let value) = fragment { value } else { nil }
        }
    }

    /// The statement text with `$n` placeholders (no parameter values, safe to log).
    public var description: String {
        var text = ""
        var number = 0
        for fragment in fragments {
            switch fragment {
            case .text(let part): text += part
            case .parameter:
                number += 1
                text += "$\(number)"
            case .invalid: text += "<invalid identifier>"
            }
        }
        return text
    }

    /// The text sent to the server and its parameters; throws for invalid identifiers.
    func render() throws(DatabaseError) -> (text: String, parameters: [SQLValue]) {
        var text = ""
        var parameters: [SQLValue] = []
        for fragment in fragments {
            switch fragment {
            case .text(let part):
                text += part
            case .parameter(let value):
                parameters.append(value)
                text += "$\(parameters.count)"
            case .invalid(let message):
                throw DatabaseError(kind: .invalidQuery, message: message)
            }
        }
        guard parameters.count <= 65_535 else {
            throw DatabaseError(kind: .invalidQuery,
                                message: "too many bound parameters (\(parameters.count), the limit is 65535)")
        }
        return (text, parameters)
    }

    static func identifierFragment(_ name: String) -> Fragment {
        guard let problem = identifierProblem(name) else {
            return .text("\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"")
        }
        return .invalid(problem)
    }

    /// Why `name` cannot be an identifier, or `nil` when it can.
    static func identifierProblem(_ name: String) -> String? {
        if name.isEmpty { return "invalid SQL identifier: empty name" }
        if name.utf8.count > 63 { return "invalid SQL identifier: longer than 63 bytes" }
        if name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "invalid SQL identifier: contains control characters"
        }
        return nil
    }

    fileprivate static func append(_ fragment: Fragment, to fragments: inout [Fragment]) {
        if case .text(let next) = fragment, case .text(let previous)? = fragments.last {
            fragments[fragments.count - 1] = .text(previous + next)
        } else {
            fragments.append(fragment)
        }
    }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        var fragments: [Fragment] = []

        public init(literalCapacity: Int, interpolationCount: Int) {
            fragments.reserveCapacity(interpolationCount * 2 + 1)
        }

        public mutating func appendLiteral(_ literal: String) {
            guard !literal.isEmpty else { return }
            SQL.append(.text(literal), to: &fragments)
        }

        /// A bound parameter (`$n`).
        public mutating func appendInterpolation<Value: SQLBindable>(_ value: Value) {
            fragments.append(.parameter(value.sqlValue))
        }

        /// A bound parameter that is NULL when `value` is `nil` (typed, so `\(x) IS NULL` works).
        public mutating func appendInterpolation<Value: SQLBindable>(_ value: Value?) {
            fragments.append(.parameter(value.sqlValue))
        }

        /// A validated, double-quoted identifier (schema, table, column or role name).
        public mutating func appendInterpolation(identifier name: String) {
            SQL.append(SQL.identifierFragment(name), to: &fragments)
        }

        /// Trusted SQL text inserted verbatim. Never pass user input here.
        public mutating func appendInterpolation(unsafeRaw text: String) {
            SQL.append(.text(text), to: &fragments)
        }

        /// Another SQL fragment, with its parameters.
        public mutating func appendInterpolation(_ sql: SQL) {
            for fragment in sql.fragments { SQL.append(fragment, to: &fragments) }
        }
    }
}

extension Sequence where Element == SQL {
    /// Joins fragments, e.g. a list of conditions with `" AND "`.
    public func joined(separator: SQL) -> SQL {
        var result = SQL(unsafeRaw: "")
        for (index, part) in enumerated() {
            if index > 0 { result.append(separator) }
            result.append(part)
        }
        return result
    }
}

extension SQLValue: SQLBindable {
    public static var sqlType: PostgresType { .unknown }
    public var sqlValue: SQLValue { self }
}
