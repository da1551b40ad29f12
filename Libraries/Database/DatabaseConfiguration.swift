/// How a `DatabasePool` connects. Log `description` / `redactedURL`, never `url` (it holds the password).
public struct DatabaseConfiguration: Sendable, CustomStringConvertible, CustomReflectable {
    /// `postgres://user:password@host:port/database`, handed to libpq as a connection URI (query
    /// parameters such as `?sslmode=disable` work; libpq `key=value` strings are accepted too).
    public var url: String
    /// The number of connections (and dedicated threads) in the pool.
    public var poolSize: Int
    /// Shown in `pg_stat_activity.application_name`.
    public var applicationName: String
    /// The schema(s) set with `SET search_path` on each new connection (comma-separated for several).
    public var searchPath: String?
    /// How long opening one connection may take (libpq rounds to whole seconds, at least 2).
    public var connectTimeout: Duration
    /// `statement_timeout` for every statement, or `nil` for the server default (none).
    public var statementTimeout: Duration?
    /// The pause after the first failed reconnect attempt; it doubles up to `maxReconnectDelay`.
    /// While a connection waits to retry, statements on it fail at once with a connection failure.
    public var reconnectDelay: Duration
    public var maxReconnectDelay: Duration

    public init(url: String,
                poolSize: Int = 4,
                applicationName: String = "zhilyego",
                searchPath: String? = nil,
                connectTimeout: Duration = .seconds(5),
                statementTimeout: Duration? = nil,
                reconnectDelay: Duration = .milliseconds(100),
                maxReconnectDelay: Duration = .seconds(5)) {
        self.url = url
        self.poolSize = poolSize
        self.applicationName = applicationName
        self.searchPath = searchPath
        self.connectTimeout = connectTimeout
        self.statementTimeout = statementTimeout
        self.reconnectDelay = reconnectDelay
        self.maxReconnectDelay = maxReconnectDelay
    }

    /// The URL with its password replaced by `***`, fit for logs.
    public var redactedURL: String {
        ConnectionURL.redact(url)
    }

    public var description: String {
        var text = "DatabaseConfiguration(url: \(redactedURL), poolSize: \(poolSize), "
        text += "applicationName: \(applicationName)"
        if let searchPath { text += ", searchPath: \(searchPath)" }
        return text + ")"
    }

    /// Mirrors (`dump`, debugger) show the redacted URL only.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "url": redactedURL as Any,
            "poolSize": poolSize as Any,
            "applicationName": applicationName as Any,
            "searchPath": searchPath as Any,
        ])
    }

    /// A copy whose URL has another user, password and/or database (URI form only), e.g. to connect
    /// as a service role or to a freshly created database. Values are percent-encoded as needed.
    public func replacingURL(user: String? = nil, password: String? = nil,
                             database: String? = nil) throws -> DatabaseConfiguration {
        guard let parts = ConnectionURL(url) else {
            throw DatabaseError(kind: .configuration,
                                message: "the database URL is not a postgres:// URI: \(redactedURL)")
        }
        var copy = self
        copy.url = parts.replacing(user: user, password: password, database: database)
        return copy
    }

    /// Spellings of the password that must never appear in messages (as written and decoded).
    var secretsToRedact: [String] {
        ConnectionURL.passwords(in: url).filter { !$0.isEmpty }
    }
}
