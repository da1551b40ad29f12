import Foundation
import Toolkit

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
        json += JSONString.quoted(txnId)
        json += ",\"prv_txn\":" + JSONString.quoted(prvTxn)
        json += ",\"sum\":" + JSONString.quoted(Tiyn.format(amountTiyn))
        json += ",\"result\":\(result.rawValue)"
        json += ",\"comment\":" + JSONString.quoted(comment)
        json += "}"
        return Data(json.utf8)
    }
}
