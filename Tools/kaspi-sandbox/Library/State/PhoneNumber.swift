/// Kazakhstan mobile numbers as Kaspi wants them: 11 digits starting with `7` (`77011234567`).
public enum PhoneNumber {
    /// `+7 701 123-45-67`, `87011234567`, `77011234567`, `7011234567` → `77011234567`; nil when it is not a
    /// Kazakhstan mobile number (`7` + operator code `7xx` + 7 digits).
    public static func normalize(_ text: String) -> String? {
        var digits = text.filter { $0.isASCII && $0.isNumber }
        let allowed = text.allSatisfy { ($0.isASCII && $0.isNumber) || " +-()".contains($0) }
        guard allowed else { return nil }
        if digits.count == 10 { digits = "7" + digits }
        if digits.count == 11, digits.hasPrefix("8") { digits = "7" + digits.dropFirst() }
        guard digits.count == 11, digits.hasPrefix("77") else { return nil }
        return digits
    }
}
