/// One outbound HTTP request.
///
/// Hummingbird re-exports swift-http-types' `HTTPRequest`/`HTTPResponse`: in a file that imports both
/// Hummingbird and this module, write `HTTPClient::HTTPRequest` and `HTTPClient::HTTPResponse`.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// Absolute `http` or `https` URL. Other schemes fail with `HTTPClientError.Kind.invalidURL`.
    public var url: String
    public var headers: HTTPHeaders
    public var body: HTTPBody
    /// Limit for the whole transfer (connect, send, wait, receive); nil uses the client's default.
    public var timeout: Duration?
    /// Limit for establishing the connection (DNS, TCP, TLS); nil uses the client's default.
    public var connectTimeout: Duration?
    /// Largest accepted response body; nil uses the client's default.
    public var maxResponseBytes: Int?
    /// Local source address to send from (libcurl `CURLOPT_INTERFACE`); nil uses the client's default
    /// (`HTTPClientConfiguration.localAddress`). See `HTTPClientConfiguration.localAddress` for the forms.
    /// A request whose source differs from the client's default gets a fresh connection that is closed
    /// afterwards, so it never shares a pooled connection with requests from other sources.
    public var localAddress: String?

    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: HTTPBody = .none,
        timeout: Duration? = nil,
        connectTimeout: Duration? = nil,
        maxResponseBytes: Int? = nil,
        localAddress: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
        self.localAddress = localAddress
    }
}
