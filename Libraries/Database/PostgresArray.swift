import Foundation

/// One-dimensional PostgreSQL array literals in text format (`{a,"b c",NULL}`).
enum PostgresArray {
    /// Builds an array literal; every element is quoted, so no element text can break out of it.
    static func format(_ elements: [SQLValue]) -> String {
        var out = "{"
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(",") }
            switch element.content {
            case .null:
                out.append("NULL")
            case .text(let text):
                appendQuoted(text, to: &out)
            case .binary(let data):
                appendQuoted(PostgresText.hexString(data), to: &out)
            }
        }
        out.append("}")
        return out
    }

    private static func appendQuoted(_ text: String, to out: inout String) {
        out.append("\"")
        for char in text.unicodeScalars {
            if char == "\"" || char == "\\" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(char)
        }
        out.append("\"")
    }

    /// Parses a one-dimensional array; `nil` for malformed or multidimensional input.
    static func parse(_ text: String) -> [String?]? {
        var bytes = Array(text.utf8)[...]
        // Arrays whose lower bound is not 1 come decorated: `[0:2]={…}`.
        if bytes.first == UInt8(ascii: "[") {
            guard let equals = bytes.firstIndex(of: UInt8(ascii: "=")) else { return nil }
            bytes = bytes[(equals + 1)...]
        }
        guard bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return nil }
        bytes = bytes.dropFirst().dropLast()
        if bytes.isEmpty { return [] }

        var result: [String?] = []
        var index = bytes.startIndex
        while true {
            guard index < bytes.endIndex else { return nil }
            if bytes[index] == UInt8(ascii: "{") { return nil }
            if bytes[index] == UInt8(ascii: "\"") {
                var element = [UInt8]()
                index += 1
                var closed = false
                while index < bytes.endIndex {
                    let byte = bytes[index]
                    if byte == UInt8(ascii: "\\") {
                        index += 1
                        guard index < bytes.endIndex else { return nil }
                        element.append(bytes[index])
                    } else if byte == UInt8(ascii: "\"") {
                        closed = true
                        index += 1
                        break
                    } else {
                        element.append(byte)
                    }
                    index += 1
                }
                guard closed else { return nil }
                result.append(String(decoding: element, as: UTF8.self))
            } else {
                let start = index
                while index < bytes.endIndex, bytes[index] != UInt8(ascii: ",") { index += 1 }
                let element = String(decoding: bytes[start..<index], as: UTF8.self)
                result.append(element.uppercased() == "NULL" ? nil : element)
            }
            if index == bytes.endIndex { return result }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }
}
