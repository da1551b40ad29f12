import Foundation

/// The JSON answer of the pay-by-account endpoint, always sent with HTTP 200:
/// `{"txn_id":"…","prv_txn":"…","sum":"15000.00","result":0,"comment":"…"}` (docs/kaspi-protocol.md).
///
/// Rendered by hand so that the key order and `sum` (a string with exactly two decimals, from integer tiyn) never
/// change, and a stored answer can be replayed byte for byte.
struct PayByAccountAnswer: Sendable, Equatable {
    var txnId: String
    /// Our transaction number for a credited pay; empty otherwise (check, or a pay that did not credit).
    var prvTxn: String
    var amountTiyn: Int64
    var result: KaspiResultCode
    var comment: String

    var body: Data {
        var json = "{\"txn_id\":"
        json += Self.quoted(txnId)
        json += ",\"prv_txn\":" + Self.quoted(prvTxn)
        json += ",\"sum\":" + Self.quoted(Tiyn.format(amountTiyn))
        json += ",\"result\":\(result.rawValue)"
        json += ",\"comment\":" + Self.quoted(comment)
        json += "}"
        return Data(json.utf8)
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
