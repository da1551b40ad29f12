import CCurl
import Foundation

/// One request on its way through a `CurlEventLoop`.
///
/// Thread safety (hence `@unchecked Sendable`): `continuation` and `isCancelled` are only touched under `lock`;
/// everything else that is mutable (`body`, `headers`, `bodyTooLarge`, `headerList`, `mime`) is touched only
/// by the loop thread that owns the transfer while it is active (libcurl calls the write/header callbacks on
/// that thread, from inside `curl_multi_perform`).
final class CurlTransfer: @unchecked Sendable {
    struct Limits {
        var timeoutMilliseconds: Int
        var connectTimeoutMilliseconds: Int
        var maxResponseBytes: Int
        var userAgent: String
        /// `CURLOPT_INTERFACE` value, or nil.
        var interface: String?
        /// True when the request's source differs from the client's default: use a fresh connection and close it.
        var isolatedConnection: Bool
    }

    let request: HTTPRequest
    let limits: Limits

    private let lock = NSLock()
    private var continuation: CheckedContinuation<HTTPResponse, any Error>?
    private var cancelled = false
    private var completed = false

    // Loop-thread confined while the transfer is active.
    var body = Data()
    var headers = HTTPHeaders()
    var bodyTooLarge = false
    var headerList: UnsafeMutablePointer<curl_slist>?
    var mime: OpaquePointer?

    init(request: HTTPRequest, limits: Limits) {
        self.request = request
        self.limits = limits
    }

    var isCancelled: Bool {
        lock.withLock { cancelled }
    }

    /// Stores the continuation; false (and the caller must resume it) when the task was cancelled already.
    func install(_ continuation: CheckedContinuation<HTTPResponse, any Error>) -> Bool {
        lock.withLock {
            if cancelled { return false }
            self.continuation = continuation
            return true
        }
    }

    func markCancelled() {
        lock.withLock { cancelled = true }
    }

    /// Resumes the waiting task once; later calls are ignored.
    func complete(_ result: Result<HTTPResponse, any Error>) {
        let waiting: CheckedContinuation<HTTPResponse, any Error>? = lock.withLock {
            if completed { return nil }
            completed = true
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
    }

    /// Frees what libcurl needed during the transfer (loop thread, after the handle left the multi handle).
    func releaseCurlResources() {
        if let headerList {
            curl_slist_free_all(headerList)
            self.headerList = nil
        }
        if let mime {
            curl_mime_free(mime)
            self.mime = nil
        }
    }

    func error(_ kind: HTTPClientError.Kind, _ message: String, curlCode: Int? = nil) -> HTTPClientError {
        HTTPClientError(kind: kind, message: message, method: request.method, url: request.url, curlCode: curlCode)
    }

    // MARK: Callbacks from libcurl (loop thread)

    func receiveBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        if body.count + bytes.count > limits.maxResponseBytes {
            bodyTooLarge = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var line = String(decoding: bytes, as: UTF8.self)
        while let last = line.last, last.isNewline { line.removeLast() }
        if line.isEmpty { return }
        if line.hasPrefix("HTTP/") {
            // A new response starts (after a 1xx interim one): only the final headers count.
            headers = HTTPHeaders()
            return
        }
        if let first = line.first, first == " " || first == "\t" {
            // Obsolete line folding: a continuation of the previous value.
            headers.appendToLastValue(" " + line.trimmingCharacters(in: .whitespaces))
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon]).trimmingCharacters(in: .whitespaces)
        let value = String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
        headers.add(name: name, value: value)
    }
}
