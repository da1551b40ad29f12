import CCurl
import Foundation

/// A reusable libcurl easy handle with its error buffer. Confined to one loop thread.
final class CurlEasyHandle {
    let raw: UnsafeMutableRawPointer
    private let errorBuffer: UnsafeMutablePointer<CChar>

    init?() {
        guard let raw = curl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(zg_curl_error_size))
        errorBuffer.initialize(repeating: 0, count: Int(zg_curl_error_size))
    }

    deinit {
        curl_easy_cleanup(raw)
        errorBuffer.deallocate()
    }

    /// libcurl's detailed message for the last failure, or its generic text for `code`.
    func errorMessage(for code: CURLcode) -> String {
        let detailed = String(cString: errorBuffer)
        if !detailed.isEmpty { return detailed }
        return String(cString: curl_easy_strerror(code))
    }

    var responseCode: Int {
        var code = 0
        _ = zg_curl_getinfo_long(raw, CURLINFO_RESPONSE_CODE, &code)
        return code
    }

    /// Resets the handle (live connections, DNS and TLS session caches survive) and sets it up for `transfer`.
    func prepare(for transfer: CurlTransfer) throws(HTTPClientError) {
        curl_easy_reset(raw)
        errorBuffer[0] = 0
        let request = transfer.request
        let limits = transfer.limits
        var failed: CURLcode = CURLE_OK
        func check(_ code: CURLcode) {
            if code != CURLE_OK, failed == CURLE_OK { failed = code }
        }

        check(zg_curl_setopt_pointer(raw, CURLOPT_ERRORBUFFER, errorBuffer))
        check(zg_curl_setopt_string(raw, CURLOPT_URL, request.url))
        check(zg_curl_setopt_string(raw, CURLOPT_PROTOCOLS_STR, "http,https"))
        check(zg_curl_setopt_long(raw, CURLOPT_NOSIGNAL, 1))
        check(zg_curl_setopt_long(raw, CURLOPT_TIMEOUT_MS, limits.timeoutMilliseconds))
        check(zg_curl_setopt_long(raw, CURLOPT_CONNECTTIMEOUT_MS, limits.connectTimeoutMilliseconds))
        check(zg_curl_setopt_off_t(raw, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(limits.maxResponseBytes)))
        check(zg_curl_setopt_string(raw, CURLOPT_ACCEPT_ENCODING, ""))
        check(zg_curl_setopt_long(raw, CURLOPT_TCP_KEEPALIVE, 1))
        if let interface = limits.interface {
            check(zg_curl_setopt_string(raw, CURLOPT_INTERFACE, interface))
        }
        if limits.isolatedConnection {
            // A connection bound to a one-off source must neither be taken from nor returned to the pool.
            check(zg_curl_setopt_long(raw, CURLOPT_FRESH_CONNECT, 1))
            check(zg_curl_setopt_long(raw, CURLOPT_FORBID_REUSE, 1))
        }
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        check(zg_curl_setopt_write_function(raw, curlWriteCallback))
        check(zg_curl_setopt_write_data(raw, context))
        check(zg_curl_setopt_header_function(raw, curlHeaderCallback))
        check(zg_curl_setopt_header_data(raw, context))

        var headers = request.headers
        if !headers.contains("User-Agent") {
            headers.add(name: "User-Agent", value: limits.userAgent)
        }
        // libcurl would wait for "100 Continue" before larger bodies; the servers we talk to never need it.
        var internalLines: [String] = []
        if !headers.contains("Expect") {
            internalLines.append("Expect:")
        }

        let hasBody: Bool
        switch request.body {
        case .none:
            hasBody = [.post, .put, .patch].contains(request.method)
            if hasBody { setPostFields(Data(), check: check) }
        case .data(let data, let contentType):
            hasBody = true
            if !headers.contains("Content-Type") { headers.add(name: "Content-Type", value: contentType) }
            setPostFields(data, check: check)
        case .form(let fields):
            hasBody = true
            if !headers.contains("Content-Type") {
                headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            }
            let encoded = HTTPBody.formEncoded(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            setPostFields(Data(encoded.utf8), check: check)
        case .multipart(let parts):
            hasBody = true
            guard let mime = curl_mime_init(raw) else {
                throw transfer.error(.other, "libcurl could not create a multipart body")
            }
            transfer.mime = mime
            for part in parts {
                guard let curlPart = curl_mime_addpart(mime) else {
                    throw transfer.error(.other, "libcurl could not add a multipart part")
                }
                check(curl_mime_name(curlPart, part.name))
                switch part {
                case .field(_, let value):
                    check(curl_mime_data(curlPart, value, value.utf8.count))
                case .file(_, let filename, let contentType, let data):
                    // curl_mime_data copies the bytes.
                    check(data.withUnsafeBytes { buffer in
                        guard let base = buffer.bindMemory(to: CChar.self).baseAddress, buffer.count > 0 else {
                            return curl_mime_data(curlPart, "", 0)
                        }
                        return curl_mime_data(curlPart, base, buffer.count)
                    })
                    check(curl_mime_filename(curlPart, filename))
                    check(curl_mime_type(curlPart, contentType))
                }
            }
            check(zg_curl_setopt_mime(raw, mime))
        }

        switch request.method {
        case .get where !hasBody:
            check(zg_curl_setopt_long(raw, CURLOPT_HTTPGET, 1))
        case .head:
            check(zg_curl_setopt_long(raw, CURLOPT_NOBODY, 1))
        case .post:
            break  // implied by the body options above
        default:
            check(zg_curl_setopt_string(raw, CURLOPT_CUSTOMREQUEST, request.method.rawValue))
        }

        var list: UnsafeMutablePointer<curl_slist>?
        // "Name;" is libcurl's way to send a header with an empty value ("Name:" would remove it).
        let lines = headers.map { $0.value.isEmpty ? "\($0.name);" : "\($0.name): \($0.value)" } + internalLines
        for line in lines {
            guard let appended = curl_slist_append(list, line) else {
                if let list { curl_slist_free_all(list) }
                throw transfer.error(.other, "libcurl could not build the header list")
            }
            list = appended
        }
        transfer.headerList = list
        check(zg_curl_setopt_slist(raw, CURLOPT_HTTPHEADER, list))

        if failed != CURLE_OK {
            throw transfer.error(
                failed == CURLE_UNSUPPORTED_PROTOCOL || failed == CURLE_URL_MALFORMAT ? .invalidURL : .other,
                errorMessage(for: failed), curlCode: Int(failed.rawValue))
        }
    }

    private func setPostFields(_ data: Data, check: (CURLcode) -> Void) {
        // The size goes first so bytes after a NUL are sent too; COPYPOSTFIELDS copies the bytes.
        check(zg_curl_setopt_off_t(raw, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(data.count)))
        let code = data.withUnsafeBytes { buffer -> CURLcode in
            if let base = buffer.baseAddress, buffer.count > 0 {
                return zg_curl_setopt_pointer(raw, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: base))
            }
            return zg_curl_setopt_string(raw, CURLOPT_COPYPOSTFIELDS, "")
        }
        check(code)
    }
}

/// `CURLOPT_WRITEFUNCTION`: appends body bytes; returning less than offered aborts the transfer.
private func curlWriteCallback(
    _ pointer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let pointer, let context else { return 0 }
    let length = size * count
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    return transfer.receiveBody(UnsafeRawBufferPointer(start: pointer, count: length)) ? length : 0
}

/// `CURLOPT_HEADERFUNCTION`: called once per complete header line, status lines included.
private func curlHeaderCallback(
    _ pointer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?
) -> Int {
    guard let pointer, let context else { return 0 }
    let length = size * count
    let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
    transfer.receiveHeaderLine(UnsafeRawBufferPointer(start: pointer, count: length))
    return length
}
