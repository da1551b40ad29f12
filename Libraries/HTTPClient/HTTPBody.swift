import Foundation

/// The body of a request.
public enum HTTPBody: Sendable {
    /// No body.
    case none
    /// Raw bytes sent with the given `Content-Type`.
    case data(Data, contentType: String)
    /// `application/x-www-form-urlencoded` fields, sent sorted by name so the bytes are deterministic.
    case form([String: String])
    /// `multipart/form-data` built by libcurl (`curl_mime`), e.g. Telegram `sendPhoto` / `sendDocument`.
    case multipart([MultipartPart])

    /// Encodes `value` as JSON now (the body stays a plain, `Sendable` value).
    public static func json(_ value: some Encodable, encoder: JSONEncoder = JSONEncoder()) throws -> HTTPBody {
        .data(try encoder.encode(value), contentType: "application/json")
    }

    /// Percent-encodes fields as `application/x-www-form-urlencoded` (WHATWG rules: space becomes `+`,
    /// only ASCII letters, digits and `*-._` stay as they are; text is UTF-8).
    public static func formEncoded(_ fields: [(String, String)]) -> String {
        fields.map { "\(formEscape($0.0))=\(formEscape($0.1))" }.joined(separator: "&")
    }

    static func formEscape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "*"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out.append("+")
            default:
                out.append("%")
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return out
    }

    private static let hexDigits: [Character] = Array("0123456789ABCDEF")
}

/// One part of a `multipart/form-data` body.
public enum MultipartPart: Sendable {
    /// A plain text field.
    case field(name: String, value: String)
    /// A file: the bytes are sent with a `filename` and their own `Content-Type`.
    case file(name: String, filename: String, contentType: String, data: Data)

    public var name: String {
        switch self {
        case .field(let name, _), .file(let name, _, _, _): name
        }
    }
}
