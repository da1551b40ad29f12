import Foundation

/// One part of a `multipart/form-data` body.
public struct FormDataPart: Sendable {
    public let name: String
    /// Set for file parts (`filename` in Content-Disposition).
    public let fileName: String?
    public let contentType: String?
    public let data: Data
}

/// A small `multipart/form-data` reader (RFC 7578): enough for Bot API uploads and the control API.
enum MultipartFormData {
    /// The boundary parameter of a `multipart/form-data` Content-Type, or nil for other types.
    static func boundary(fromContentType contentType: String) -> String? {
        let parts = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let type = parts.first, type.lowercased() == "multipart/form-data" else { return nil }
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            var value = pair[1]
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value.isEmpty ? nil : value
        }
        return nil
    }

    /// Splits `body` into parts; nil when the body is not well-formed multipart for `boundary`.
    static func parse(_ body: Data, boundary: String) -> [FormDataPart]? {
        let delimiter = Data("--\(boundary)".utf8)
        let crlf = Data("\r\n".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        guard var cursor = body.range(of: delimiter)?.upperBound else { return nil }
        var parts: [FormDataPart] = []
        while true {
            // After a delimiter: "--" ends the body, otherwise CRLF starts a part.
            if body[cursor...].starts(with: Data("--".utf8)) { return parts }
            guard body[cursor...].starts(with: crlf) else { return nil }
            let partStart = cursor + 2
            guard let next = body.range(of: crlf + delimiter, in: partStart..<body.endIndex) else { return nil }
            let part = body[partStart..<next.lowerBound]
            guard let split = part.range(of: headerEnd) else {
                // A part with headers only and an empty body ends right after its headers' CRLF.
                return nil
            }
            let headerText = String(decoding: part[part.startIndex..<split.lowerBound], as: UTF8.self)
            let content = Data(part[split.upperBound..<part.endIndex])
            if let parsed = makePart(headerText: headerText, content: content) { parts.append(parsed) }
            cursor = next.upperBound
        }
    }

    private static func makePart(headerText: String, content: Data) -> FormDataPart? {
        var name: String?
        var fileName: String?
        var contentType: String?
        for line in headerText.components(separatedBy: "\r\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if field == "content-type" {
                contentType = value
            } else if field == "content-disposition" {
                for parameter in value.split(separator: ";").dropFirst() {
                    let pair = parameter.split(separator: "=", maxSplits: 1).map {
                        $0.trimmingCharacters(in: .whitespaces)
                    }
                    guard pair.count == 2 else { continue }
                    var parameterValue = pair[1]
                    if parameterValue.hasPrefix("\""), parameterValue.hasSuffix("\""), parameterValue.count >= 2 {
                        parameterValue = String(parameterValue.dropFirst().dropLast())
                            .replacingOccurrences(of: "\\\"", with: "\"")
                    }
                    switch pair[0].lowercased() {
                    case "name": name = parameterValue
                    case "filename": fileName = parameterValue
                    default: break
                    }
                }
            }
        }
        guard let name else { return nil }
        return FormDataPart(name: name, fileName: fileName, contentType: contentType, data: content)
    }
}
