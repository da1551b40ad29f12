import Foundation

/// Kazakhstan phone numbers as the catalog stores them: E.164, `+7` and ten digits.
public enum PhoneNumber {
    /// Accepts `+7 701 234-56-78`, `8 (701) 234 56 78`, `77012345678`, `7012345678`; nil for anything else.
    public static func normalize(_ text: String) -> String? {
        let allowed = Set(" -()\u{00A0}")
        var digits = ""
        for (offset, character) in text.trimmingCharacters(in: .whitespaces).enumerated() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "+", offset == 0 {
                continue
            } else if !allowed.contains(character) {
                return nil
            }
        }
        switch digits.count {
        case 10: digits = "7" + digits
        case 11 where digits.hasPrefix("8"): digits = "7" + digits.dropFirst()
        case 11: break
        default: return nil
        }
        guard digits.hasPrefix("7") else { return nil }
        return "+" + digits
    }
}
