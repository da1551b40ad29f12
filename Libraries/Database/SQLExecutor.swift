/// Something that runs statements: the pool (any free connection), a leased connection or a transaction.
public protocol SQLExecutor: Sendable {
    /// Runs a statement and returns its rows (empty for statements without a result set).
    func query(_ sql: SQL) async throws -> [Row]
    /// Runs a statement and returns the number of rows it affected.
    @discardableResult
    func execute(_ sql: SQL) async throws -> Int
}

extension SQLExecutor {
    /// The first row, or `nil` when the statement returned none.
    public func queryFirst(_ sql: SQL) async throws -> Row? {
        try await query(sql).first
    }
}
