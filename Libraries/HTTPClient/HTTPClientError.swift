import Foundation

/// Why a request produced no response.
///
/// Its description names the method, the redacted URL (see `URLRedaction`: scheme, host, port and path, bot
/// tokens replaced) and libcurl's message; never the query string, user info, headers or bodies.
public struct HTTPClientError: Error, Sendable, CustomStringConvertible {
    /// The category to branch on; more may be added later.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case timeout, connectionFailed, invalidURL, invalidRequest, responseTooLarge, shutdown, other
        }

        private let base: Base

        /// The total or the connect time limit passed.
        public static let timeout = Kind(base: .timeout)
        /// DNS, TCP or TLS failed, or the connection broke before a complete response.
        public static let connectionFailed = Kind(base: .connectionFailed)
        /// The URL is malformed or its scheme is not `http`/`https`.
        public static let invalidURL = Kind(base: .invalidURL)
        /// The request cannot be sent as given (e.g. a header with a line break).
        public static let invalidRequest = Kind(base: .invalidRequest)
        /// The response body is larger than the allowed maximum.
        public static let responseTooLarge = Kind(base: .responseTooLarge)
        /// The client was shut down before the request finished.
        public static let shutdown = Kind(base: .shutdown)
        /// Anything else libcurl reported.
        public static let other = Kind(base: .other)

        public var description: String { base.rawValue }
    }

    public let kind: Kind
    /// libcurl's (or the client's) explanation, bot tokens redacted.
    public let message: String
    public let method: HTTPMethod
    /// The request URL as `URLRedaction.redact` shows it.
    public let redactedURL: String
    /// The libcurl `CURLcode`, when libcurl reported the failure.
    public let curlCode: Int?

    init(kind: Kind, message: String, method: HTTPMethod, url: String, curlCode: Int? = nil) {
        self.kind = kind
        self.method = method
        self.redactedURL = URLRedaction.redact(url)
        self.curlCode = curlCode
        var safe = message
        if !url.isEmpty {
            safe = safe.replacingOccurrences(of: url, with: redactedURL)
        }
        if let query = url.firstIndex(where: { $0 == "?" || $0 == "#" }).map({ url[$0...] }), query.count > 1 {
            safe = safe.replacingOccurrences(of: String(query), with: "")
        }
        self.message = URLRedaction.redactBotTokens(in: safe)
    }

    public var description: String {
        var text = "HTTP \(method.rawValue) \(redactedURL) failed (\(kind)): \(message)"
        if let curlCode { text += " [curl \(curlCode)]" }
        return text
    }
}
