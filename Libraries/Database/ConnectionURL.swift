import Foundation

/// Just enough parsing of `postgres://user:password@host:port/database?options` to redact and rewrite it,
/// following libpq's rules (the credentials end at the first `@` before the first `/`).
struct ConnectionURL {
    var scheme: String
    var user: String?
    var password: String?
    var hostAndPort: String
    var database: String?
    var query: String?

    init?(_ url: String) {
        guard let schemeEnd = url.range(of: "://") else { return nil }
        scheme = String(url[..<schemeEnd.lowerBound])
        guard scheme == "postgres" || scheme == "postgresql" else { return nil }
        var rest = Substring(url[schemeEnd.upperBound...])
        if let queryStart = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: queryStart)...])
            rest = rest[..<queryStart]
        }
        if let credentialsEnd = rest.firstIndex(where: { $0 == "@" || $0 == "/" }), rest[credentialsEnd] == "@" {
            let credentials = rest[..<credentialsEnd]
            if let colon = credentials.firstIndex(of: ":") {
                user = String(credentials[..<colon])
                password = String(credentials[credentials.index(after: colon)...])
            } else {
                user = String(credentials)
            }
            rest = rest[rest.index(after: credentialsEnd)...]
        }
        if let slash = rest.firstIndex(of: "/") {
            database = String(rest[rest.index(after: slash)...])
            rest = rest[..<slash]
        }
        hostAndPort = String(rest)
    }

    func render(redacted: Bool) -> String {
        var text = scheme + "://"
        if let user {
            text += user
            if password != nil { text += ":" + (redacted ? "***" : password ?? "") }
            text += "@"
        }
        text += hostAndPort
        if let database { text += "/" + database }
        if let query { text += "?" + (redacted ? Self.redactQuery(query) : query) }
        return text
    }

    func replacing(user newUser: String?, password newPassword: String?, database newDatabase: String?) -> String {
        var copy = self
        if let newUser { copy.user = Self.percentEncode(newUser) }
        if let newPassword {
            copy.password = Self.percentEncode(newPassword)
            if copy.user == nil { copy.user = "" }
        }
        if let newDatabase { copy.database = Self.percentEncode(newDatabase) }
        return copy.render(redacted: false)
    }

    /// The URL with every password (credentials, `password=` option) replaced by `***`.
    static func redact(_ url: String) -> String {
        if let parts = ConnectionURL(url) { return parts.render(redacted: true) }
        if url.contains("://") { return "<unparsable database URL>" }
        return redactKeyValues(url)
    }

    /// The passwords a URL carries, as written and percent-decoded.
    static func passwords(in url: String) -> [String] {
        var found: [String] = []
        if let parts = ConnectionURL(url) {
            if let password = parts.password { found.append(password) }
            if let query = parts.query {
                for pair in query.split(separator: "&") where pair.lowercased().hasPrefix("password=") {
                    found.append(String(pair.dropFirst("password=".count)))
                }
            }
        } else {
            found.append(contentsOf: keyValuePasswords(url))
        }
        return found + found.compactMap { percentDecode($0) }.filter { !found.contains($0) }
    }

    private static func redactQuery(_ query: String) -> String {
        query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            pair.lowercased().hasPrefix("password=") ? "password=***" : String(pair)
        }.joined(separator: "&")
    }

    /// Redacts `password=…` in a libpq `key=value` string (value plain or single-quoted).
    private static func redactKeyValues(_ text: String) -> String {
        guard let range = text.range(of: "password", options: .caseInsensitive) else { return text }
        var index = range.upperBound
        while index < text.endIndex, text[index] == " " { index = text.index(after: index) }
        guard index < text.endIndex, text[index] == "=" else { return text }
        return String(text[..<text.index(after: index)]) + "***"
    }

    private static func keyValuePasswords(_ text: String) -> [String] {
        guard let range = text.range(of: "password", options: .caseInsensitive) else { return [] }
        var rest = text[range.upperBound...].drop(while: { $0 == " " })
        guard rest.first == "=" else { return [] }
        rest = rest.dropFirst().drop(while: { $0 == " " })
        if rest.first == "'" {
            return [String(rest.dropFirst().prefix(while: { $0 != "'" }))]
        }
        return [String(rest.prefix(while: { $0 != " " }))]
    }

    static func percentEncode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    static func percentDecode(_ text: String) -> String? {
        guard text.contains("%") else { return nil }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8).makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "%") {
                guard let high = iterator.next(), let low = iterator.next(),
                      let value = UInt8(String(decoding: [high, low], as: UTF8.self), radix: 16) else { return nil }
                bytes.append(value)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
