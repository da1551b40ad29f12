/// JSON string literals for the places that write JSON text by hand (log lines, byte-exact protocol answers).
public enum JSONString {
    /// Appends `text` as a JSON string literal: quotes, backslashes and control characters escaped (`\n`, `\r`,
    /// `\t`, otherwise `\u00XX`), everything else as is (Cyrillic stays readable). `escapingLessThan` also writes
    /// `<` as `\u003c`, so that the JSON can sit inside an HTML `<script>`.
    public static func append(_ text: String, to output: inout String, escapingLessThan: Bool = false) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "<" where escapingLessThan: output += "\\u003c"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }

    /// `text` as a JSON string literal (``append(_:to:escapingLessThan:)``).
    public static func quoted(_ text: String) -> String {
        var output = ""
        append(text, to: &output)
        return output
    }
}
