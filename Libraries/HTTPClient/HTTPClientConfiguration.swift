/// Settings shared by all requests of one `HTTPClient`.
public struct HTTPClientConfiguration: Sendable {
    /// Number of I/O threads, each driving its own libcurl multi handle and connection cache.
    /// One thread carries many concurrent transfers; more only help with heavy TLS work.
    public var threads: Int
    /// Total time limit of a request whose `timeout` is nil.
    public var defaultTimeout: Duration
    /// Connect time limit (DNS + TCP + TLS) of a request whose `connectTimeout` is nil.
    public var connectTimeout: Duration
    /// `User-Agent` sent unless the request sets its own.
    public var userAgent: String
    /// Largest accepted response body of a request whose `maxResponseBytes` is nil.
    public var maxResponseBytes: Int
    /// Local source address of every request that does not name its own (libcurl `CURLOPT_INTERFACE`), or nil
    /// to let the kernel choose. Either an IP address (`127.0.0.2`, `::1`: the socket is bound to it before
    /// connecting) or libcurl's explicit syntax: `host!<address or name>`, `if!<interface name>`,
    /// `ifhost!<interface>!<host>`. On Linux every address of 127.0.0.0/8 is loopback, which lets a local
    /// process call from `127.0.0.2` without any set-up.
    public var localAddress: String?

    public init(
        threads: Int = 1,
        defaultTimeout: Duration = .seconds(30),
        connectTimeout: Duration = .seconds(10),
        userAgent: String = "zhilyego-http/1.0",
        maxResponseBytes: Int = 32 * 1024 * 1024,
        localAddress: String? = nil
    ) {
        self.threads = threads
        self.defaultTimeout = defaultTimeout
        self.connectTimeout = connectTimeout
        self.userAgent = userAgent
        self.maxResponseBytes = maxResponseBytes
        self.localAddress = localAddress
    }
}
