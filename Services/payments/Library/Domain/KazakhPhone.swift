/// A Kazakhstan mobile number as Kaspi wants it: 11 digits, `7` then the `7xx` operator code (`77011234567`).
enum KazakhPhone {
    /// Accepts `+7 701 123 45 67`, `87011234567`, `7 (701) 123-45-67`…; nil for anything that is not a Kazakhstan
    /// mobile number.
    static func normalize(_ text: String) -> String? {
        var digits = ""
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if !" +-()".contains(character) {
                return nil
            }
        }
        if digits.count == 11, digits.hasPrefix("8") { digits = "7" + digits.dropFirst() }
        if digits.count == 10, digits.hasPrefix("7") { digits = "7" + digits }
        guard digits.count == 11, digits.hasPrefix("77") else { return nil }
        return digits
    }
}
