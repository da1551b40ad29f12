import Foundation
import Logging
import Toolkit

/// An HTTP/HTTPS client over libcurl.
///
/// Transfers run on `configuration.threads` dedicated threads, each driving a libcurl multi handle (many
/// concurrent requests per thread, kept-alive connections reused), so nothing blocks Swift's cooperative pool.
/// Cancelling the calling task aborts its transfer promptly with `CancellationError`.
///
/// Call `shutdown()` when done; dropping the last reference also stops the threads, failing requests in flight.
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    private let logger: Logger
    private let loops: [CurlEventLoop]
    private let nextLoop = LoopCounter()

    public init(
        configuration: HTTPClientConfiguration = HTTPClientConfiguration(),
        logger: Logger = Logger(label: "http-client")
    ) {
        self.configuration = configuration
        self.logger = logger
        let count = max(1, configuration.threads)
        loops = (0..<count).map { CurlEventLoop(name: "http-client-\($0)") }
    }

    deinit {
        for loop in loops { loop.requestShutdown() }
    }

    /// Sends `request` and returns the response, whatever its status.
    ///
    /// Throws `HTTPClientError` when no response arrived (timeout, connection failure, invalid URL,
    /// response too large, client shut down) and `CancellationError` when the task was cancelled.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        try Self.validate(request)
        let transfer = CurlTransfer(request: request, limits: limits(for: request))
        let loop = loops[nextLoop.next() % loops.count]
        let started = ContinuousClock.now
        do {
            let response = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    if transfer.install(continuation) {
                        loop.submit(transfer)
                    } else {
                        continuation.resume(throwing: CancellationError())
                    }
                }
            } onCancel: {
                loop.cancel(transfer)
            }
            logger.debug("HTTP request finished", metadata: [
                "http.method": "\(request.method.rawValue)",
                "http.url": "\(URLRedaction.redact(request.url))",
                "http.status": "\(response.status)",
                "http.duration_ms": "\(Self.milliseconds(ContinuousClock.now - started))",
            ])
            return response
        } catch {
            logger.debug("HTTP request failed", metadata: [
                "http.method": "\(request.method.rawValue)",
                "http.url": "\(URLRedaction.redact(request.url))",
                "http.error": "\(error is CancellationError ? "cancelled" : String(describing: error))",
            ])
            throw error
        }
    }

    /// `GET url`.
    public func get(url: String, headers: HTTPHeaders = [:], timeout: Duration? = nil) async throws -> HTTPResponse {
        try await send(HTTPRequest(method: .get, url: url, headers: headers, timeout: timeout))
    }

    /// `POST url` with `body` encoded as JSON.
    public func postJSON(
        url: String, body: some Encodable, headers: HTTPHeaders = [:], encoder: JSONEncoder = JSONEncoder(),
        timeout: Duration? = nil
    ) async throws -> HTTPResponse {
        let encoded = try HTTPBody.json(body, encoder: encoder)
        return try await send(HTTPRequest(method: .post, url: url, headers: headers, body: encoded, timeout: timeout))
    }

    /// Stops the I/O threads after failing pending and running requests with `HTTPClientError.Kind.shutdown`;
    /// returns once every libcurl resource is released. Later requests fail the same way.
    public func shutdown() async {
        for loop in loops { await loop.shutdown() }
    }

    private func limits(for request: HTTPRequest) -> CurlTransfer.Limits {
        let source = request.localAddress ?? configuration.localAddress
        return CurlTransfer.Limits(
            timeoutMilliseconds: Self.milliseconds(request.timeout ?? configuration.defaultTimeout),
            connectTimeoutMilliseconds: Self.milliseconds(request.connectTimeout ?? configuration.connectTimeout),
            maxResponseBytes: max(0, request.maxResponseBytes ?? configuration.maxResponseBytes),
            userAgent: configuration.userAgent,
            interface: source.map(Self.curlInterface),
            isolatedConnection: source != configuration.localAddress)
    }

    /// libcurl's `CURLOPT_INTERFACE` text for a local address: a bare IP literal becomes `host!<ip>` (bind to that
    /// address, never look it up as an interface name); `if!`, `host!` and `ifhost!` forms pass unchanged.
    static func curlInterface(_ localAddress: String) -> String {
        if localAddress.contains("!") { return localAddress }
        let bare = localAddress.hasPrefix("[") && localAddress.hasSuffix("]")
            ? String(localAddress.dropFirst().dropLast()) : localAddress
        return "host!\(bare)"
    }

    /// Whole milliseconds, at least 1 (0 means "no limit" to libcurl).
    static func milliseconds(_ duration: Duration) -> Int {
        let (seconds, attoseconds) = duration.components
        let total = seconds.multipliedReportingOverflow(by: 1000)
        if total.overflow || total.partialValue > Int64(Int32.max) { return Int(Int32.max) }
        return max(1, Int(total.partialValue + attoseconds / 1_000_000_000_000_000))
    }

    private static func validate(_ request: HTTPRequest) throws(HTTPClientError) {
        func fail(_ kind: HTTPClientError.Kind, _ message: String) -> HTTPClientError {
            HTTPClientError(kind: kind, message: message, method: request.method, url: request.url)
        }
        let url = request.url
        if url.isEmpty || url.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
            throw fail(.invalidURL, "the URL is empty or contains whitespace or control characters")
        }
        if let source = request.localAddress {
            if source.isEmpty || source.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) {
                throw fail(.invalidRequest, "the local address is empty or contains whitespace or control characters")
            }
        }
        let lowered = url.lowercased()
        if !(lowered.hasPrefix("http://") || lowered.hasPrefix("https://")) {
            throw fail(.invalidURL, "only absolute http:// and https:// URLs are supported")
        }
        for field in request.headers {
            if field.name.isEmpty || field.name.contains(where: { $0 == ":" || $0.isWhitespace })
                || field.name.unicodeScalars.contains(where: { $0.value < 0x21 || $0.value > 0x7E }) {
                throw fail(.invalidRequest, "a header name is empty or contains invalid characters")
            }
            if field.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                throw fail(.invalidRequest, "the value of header \(field.name) contains a line break or NUL")
            }
        }
    }
}

/// Round-robin position over the loops. Thread safety (hence `@unchecked Sendable`): `value` is guarded by `lock`.
private final class LoopCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.withLock {
            defer { value = value &+ 1 }
            return value & Int.max
        }
    }
}
