import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal HTTP/1.1 client over a plain socket bound to a chosen local address (e.g. 127.0.0.2), to call the Kaspi
/// listener from an address that is not allow-listed, with any method, or with bytes that are not a whole request.
/// Blocking socket calls run on their own thread; a read waits at most 30 s.
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    struct Response: Sendable {
        var status: Int
        /// The status line and the header lines.
        var head: String
        var body: Data
    }

    static func get(host: String = "127.0.0.1", port: Int, pathAndQuery: String, from source: String,
                    method: String = "GET", headers: [(String, String)] = []) async throws -> Response
    {
        var request = "\(method) \(pathAndQuery) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        return try parse(try await exchange(host: host, port: port, bytes: Array(request.utf8), from: source))
    }

    /// Sends `bytes` as they are and returns everything received until the server closes the connection; throws
    /// if it is still open after 30 s.
    static func exchange(host: String = "127.0.0.1", port: Int, bytes: [UInt8], from source: String) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result {
                    try blockingExchange(host: host, port: port, bytes: bytes, source: source)
                })
            }
            thread.start()
        }
    }

    private static func blockingExchange(host: String, port: Int, bytes: [UInt8], source: String) throws -> Data {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket() failed: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var local = sockaddr_in()
        local.sin_family = sa_family_t(AF_INET)
        guard inet_pton(AF_INET, source, &local.sin_addr) == 1 else { throw Failure(description: "bad source \(source)") }
        let bound = withUnsafePointer(to: &local) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw Failure(description: "bind(\(source)) failed: errno \(errno)") }
        var remote = sockaddr_in()
        remote.sin_family = sa_family_t(AF_INET)
        remote.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &remote.sin_addr) == 1 else { throw Failure(description: "bad host \(host)") }
        let connected = withUnsafePointer(to: &remote) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw Failure(description: "connect failed: errno \(errno)") }
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw Failure(description: "send failed: errno \(errno)") }
            sent += n
        }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n == 0 { break }
            guard n > 0 else { throw Failure(description: "recv failed: errno \(errno)") }
            received.append(contentsOf: buffer[0..<n])
        }
        return received
    }

    private static func parse(_ received: Data) throws -> Response {
        guard let separator = received.range(of: Data("\r\n\r\n".utf8)) else {
            throw Failure(description: "no HTTP header in the response")
        }
        let head = String(decoding: received[..<separator.lowerBound], as: UTF8.self)
        let statusLine = head.split(separator: "\r\n").first ?? ""
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, let status = Int(parts[1]) else { throw Failure(description: "bad status line") }
        var body = Data(received[separator.upperBound...])
        if head.lowercased().contains("transfer-encoding: chunked") { body = try dechunk(body) }
        return Response(status: status, head: head, body: body)
    }

    private static func dechunk(_ data: Data) throws -> Data {
        var out = Data()
        var rest = data[...]
        while let lineEnd = rest.range(of: Data("\r\n".utf8)) {
            let sizeText = String(decoding: rest[..<lineEnd.lowerBound], as: UTF8.self)
            guard let size = Int(sizeText, radix: 16) else { throw Failure(description: "bad chunk size") }
            if size == 0 { break }
            let start = lineEnd.upperBound
            out.append(rest[start..<start + size])
            rest = rest[(start + size + 2)...]
        }
        return out
    }
}
