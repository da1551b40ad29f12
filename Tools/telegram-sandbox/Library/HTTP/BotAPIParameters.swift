import Foundation

/// The parameters of one Bot API call, gathered as the Bot API server gathers them: from the query string and
/// from a JSON, urlencoded or multipart body. Every value is text (JSON objects and arrays re-serialised), and an
/// empty value counts as absent, as in Telegram ("chat_id is empty").
public struct BotAPIParameters: Sendable {
    public private(set) var values: [String: String]
    /// Uploaded files by part name (multipart only).
    public private(set) var files: [String: FormDataPart]

    public init(values: [String: String] = [:], files: [String: FormDataPart] = [:]) {
        self.values = values
        self.files = files
    }

    /// Reads the query string and the body. Throws "can't parse JSON object" for a JSON body that is not an object.
    static func read(query: String?, contentType: String?, body: Data) throws(BotAPIError) -> BotAPIParameters {
        var parameters = BotAPIParameters()
        if let query, !query.isEmpty {
            for (name, value) in FormURLEncoding.decode(query) { parameters.values[name] = value }
        }
        let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased() ?? ""
        if type == "application/json" {
            if body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return parameters }
            guard let value = JSONValue.parse(body), let object = value.objectValue else {
                throw .badRequest("can't parse JSON object")
            }
            for (name, value) in object {
                if let text = value.parameterText { parameters.values[name] = text }
            }
        } else if type == "application/x-www-form-urlencoded" {
            for (name, value) in FormURLEncoding.decode(String(decoding: body, as: UTF8.self)) {
                parameters.values[name] = value
            }
        } else if type == "multipart/form-data" {
            guard let boundary = contentType.flatMap(MultipartFormData.boundary(fromContentType:)),
                  let parts = MultipartFormData.parse(body, boundary: boundary)
            else {
                throw .badRequest("can't parse multipart/form-data request")
            }
            for part in parts {
                if part.fileName != nil {
                    parameters.files[part.name] = part
                } else {
                    parameters.values[part.name] = String(decoding: part.data, as: UTF8.self)
                }
            }
        }
        return parameters
    }

    public subscript(name: String) -> String? {
        guard let value = values[name], !value.isEmpty else { return nil }
        return value
    }

    public func has(_ name: String) -> Bool { self[name] != nil }

    /// An integer parameter; a present value that is not a number is treated as 0, as Telegram's `to_integer` does.
    public func int(_ name: String) -> Int? {
        guard let text = self[name] else { return nil }
        return Int(text.trimmingCharacters(in: .whitespaces)) ?? Int(Double(text) ?? 0)
    }

    public func int64(_ name: String) -> Int64? {
        guard let text = self[name] else { return nil }
        return Int64(text.trimmingCharacters(in: .whitespaces))
    }

    /// Booleans as Telegram reads them: "true" or "1" (case-insensitive).
    public func bool(_ name: String) -> Bool {
        guard let text = self[name]?.lowercased() else { return false }
        return text == "true" || text == "1"
    }
}

/// `application/x-www-form-urlencoded` decoding (also used for query strings).
enum FormURLEncoding {
    static func decode(_ text: String) -> [(String, String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = unescape(String(parts[0]))
            let value = parts.count > 1 ? unescape(String(parts[1])) : ""
            return (name, value)
        }
    }

    static func unescape(_ text: String) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    /// Query parameters as a dictionary (the last occurrence wins).
    static func dictionary(_ query: String?) -> [String: String] {
        guard let query else { return [:] }
        var result: [String: String] = [:]
        for (name, value) in decode(query) { result[name] = value }
        return result
    }
}
