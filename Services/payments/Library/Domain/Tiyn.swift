/// Money as Kaspi writes it (`15000.00`) ⇄ integer tiyn (1 ₸ = 100 tiyn), without floating point.
enum Tiyn {
    /// The most tenge a sum may carry: 10^12 ₸ keeps every amount far inside `Int64` tiyn.
    static let maxIntegerDigits = 12

    /// Parses `15000`, `15000.5` or `15000.00` (ASCII digits, at most two decimals, no sign, no exponent, no
    /// grouping) into tiyn; nil for anything else.
    static func parse(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 1 || parts.count == 2 else { return nil }
        let whole = parts[0]
        let fraction = parts.count == 2 ? parts[1] : ""
        guard !whole.isEmpty, whole.utf8.count <= maxIntegerDigits, whole.utf8.allSatisfy(isDigit) else { return nil }
        if parts.count == 2 {
            guard (1...2).contains(fraction.utf8.count), fraction.utf8.allSatisfy(isDigit) else { return nil }
        }
        var tenge: Int64 = 0
        for byte in whole.utf8 { tenge = tenge * 10 + Int64(byte - 48) }
        var cents: Int64 = 0
        for byte in fraction.utf8 { cents = cents * 10 + Int64(byte - 48) }
        if fraction.utf8.count == 1 { cents *= 10 }
        return tenge * 100 + cents
    }

    /// `1500050` → `15000.50`.
    static func format(_ tiyn: Int64) -> String {
        let sign = tiyn < 0 ? "-" : ""
        let magnitude = tiyn.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
