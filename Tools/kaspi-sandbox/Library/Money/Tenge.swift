/// Kaspi amounts: tenge written as decimal text with up to two decimals, held as integer tiyn (1 ₸ = 100 tiyn).
public enum Tenge {
    /// The largest amount Kaspi accepts in one operation in the sandbox: 99 999 999.99 ₸.
    public static let maximumTiyn: Int64 = 9_999_999_999

    /// Tiyn for decimal text such as `15000`, `15000.5`, `15000.50`; nil for anything else (sign, exponent, more
    /// than two decimals, leading `.`, letters, overflow).
    public static func tiyn(fromDecimal text: String) -> Int64? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 15,
              whole.allSatisfy({ $0.isASCII && $0.isNumber })
        else { return nil }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        if parts.count > 1 {
            guard !fraction.isEmpty, fraction.count <= 2, fraction.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                return nil
            }
        }
        while fraction.count < 2 { fraction += "0" }
        guard let tenge = Int64(whole), let cents = Int64(fraction) else { return nil }
        let (scaled, overflow) = tenge.multipliedReportingOverflow(by: 100)
        guard !overflow else { return nil }
        return scaled + cents
    }

    /// `1_500_050` → `15000.50` (always two decimals; negative amounts keep their sign).
    public static func format(_ tiyn: Int64) -> String {
        let sign = tiyn < 0 ? "-" : ""
        let magnitude = tiyn.magnitude
        let cents = magnitude % 100
        return "\(sign)\(magnitude / 100).\(cents < 10 ? "0" : "")\(cents)"
    }

    /// `1_500_050` → `15 000,50 ₸`; whole amounts without decimals: `15 000 ₸` (the page's style).
    public static func display(_ tiyn: Int64) -> String {
        let whole = String(tiyn.magnitude / 100)
        var grouped = ""
        for (index, character) in whole.enumerated() {
            if index > 0, (whole.count - index) % 3 == 0 { grouped += "\u{00A0}" }
            grouped.append(character)
        }
        let cents = tiyn.magnitude % 100
        let fraction = cents == 0 ? "" : ",\(cents < 10 ? "0" : "")\(cents)"
        return "\(tiyn < 0 ? "-" : "")\(grouped)\(fraction)\u{00A0}₸"
    }
}
