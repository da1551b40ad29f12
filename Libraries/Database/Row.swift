/// The column names of a result, shared by all of its rows.
final class RowColumns: Sendable {
    let names: [String]
    let indexByName: [String: Int]

    init(names: [String]) {
        self.names = names
        var indexByName: [String: Int] = [:]
        for (index, name) in names.enumerated() where indexByName[name] == nil {
            indexByName[name] = index
        }
        self.indexByName = indexByName
    }
}

/// One result row in PostgreSQL text format; decode columns by name or index.
///
/// ```swift
/// let id = try row.decode("id", as: UUID.self)
/// let note = try row.decode("note", as: String?.self)   // nil for NULL
/// ```
public struct Row: Sendable {
    let columns: RowColumns
    /// The text of each column, `nil` for NULL.
    let values: [String?]

    init(columns: RowColumns, values: [String?]) {
        self.columns = columns
        self.values = values
    }

    /// The column names in result order.
    public var columnNames: [String] { columns.names }

    /// The number of columns.
    public var count: Int { values.count }

    public func contains(column: String) -> Bool {
        columns.indexByName[column] != nil
    }

    /// Decodes the column named `column` (the first one, if several share the name).
    public func decode<T: SQLDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let index = columns.indexByName[column] else {
            throw DatabaseError(kind: .decoding, message: "no column named \"\(column)\" in the result")
        }
        return try decodeValue(at: index, label: "column \"\(column)\"", as: type)
    }

    /// Decodes the column at `index` (zero-based).
    public func decode<T: SQLDecodable>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard values.indices.contains(index) else {
            throw DatabaseError(kind: .decoding,
                                message: "no column at index \(index) (the result has \(values.count))")
        }
        return try decodeValue(at: index, label: "column \(index) (\"\(columns.names[index])\")", as: type)
    }

    /// The raw text of a column (`nil` for NULL or a missing column).
    public subscript(column: String) -> String? {
        columns.indexByName[column].flatMap { values[$0] }
    }

    /// The raw text of the column at `index` (`nil` for NULL).
    public subscript(index: Int) -> String? {
        values[index]
    }

    private func decodeValue<T: SQLDecodable>(at index: Int, label: String, as type: T.Type) throws -> T {
        guard let text = values[index] else {
            guard let null = T.sqlNull else {
                throw DatabaseError(kind: .decoding,
                                    message: "\(label) is NULL; decode it as \(T.self)? to accept NULL")
            }
            return null
        }
        do {
            return try T(sqlText: text)
        } catch {
            throw DatabaseError(kind: .decoding, message: "\(label) as \(T.self): \(error)")
        }
    }
}
