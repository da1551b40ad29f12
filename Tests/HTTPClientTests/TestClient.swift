import Foundation
import Glibc
import HTTPClient

/// Runs `body` with a fresh client and shuts it down afterwards, whatever happens.
func withClient<T: Sendable>(
    _ configuration: HTTPClientConfiguration = HTTPClientConfiguration(defaultTimeout: .seconds(30)),
    _ body: (HTTPClient) async throws -> T
) async throws -> T {
    let client = HTTPClient(configuration: configuration)
    do {
        let result = try await body(client)
        await client.shutdown()
        return result
    } catch {
        await client.shutdown()
        throw error
    }
}

/// A loopback port nothing listens on: bound by the kernel's choice, then closed again.
func closedLoopbackPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw PortError.socketFailed }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard bound == 0 else { throw PortError.socketFailed }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let named = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    guard named == 0 else { throw PortError.socketFailed }
    return Int(UInt16(bigEndian: address.sin_port))
}

enum PortError: Error {
    case socketFailed
}

/// The parts of a `multipart/form-data` body, split by hand so the test does not trust the client's view.
struct ParsedPart {
    var headers: [String: String]
    var body: Data
}

func parseMultipart(_ body: Data, contentType: String) -> [ParsedPart]? {
    guard let range = contentType.range(of: "boundary=") else { return nil }
    var boundary = String(contentType[range.upperBound...])
    if boundary.hasPrefix("\"") { boundary = String(boundary.dropFirst().dropLast()) }
    let delimiter = Data("--\(boundary)".utf8)
    let crlf = Data("\r\n".utf8)
    var parts: [ParsedPart] = []
    var searchStart = body.startIndex
    var chunks: [Range<Data.Index>] = []
    var previousEnd: Data.Index?
    while let found = body.range(of: delimiter, in: searchStart..<body.endIndex) {
        if let previousEnd { chunks.append(previousEnd..<found.lowerBound) }
        previousEnd = found.upperBound
        searchStart = found.upperBound
    }
    for chunk in chunks {
        // Each chunk: CRLF, headers, CRLF CRLF, content, CRLF (before the next delimiter).
        var part = body[chunk]
        guard part.starts(with: crlf), part.suffix(2) == crlf else { return nil }
        part = part.dropFirst(2).dropLast(2)
        guard let split = part.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let headerText = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
        var headers: [String: String] = [:]
        for line in headerText.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        parts.append(ParsedPart(headers: headers, body: Data(part[split.upperBound...])))
    }
    return parts
}
