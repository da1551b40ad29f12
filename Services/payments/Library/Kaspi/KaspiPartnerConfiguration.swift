import Foundation
import ServiceRuntime

/// How payments reaches the Kaspi Pay partner API (docs/kaspi-protocol.md, part B).
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `KASPI_API_URL` | base URL including `/r3/v01` | unset: the partner API is off (invoice/link RPCs answer `kaspi_error`) |
/// | `KASPI_API_KEY` | the `Api-Key` header (secret) | required with `KASPI_API_URL` |
/// | `KASPI_ORGANIZATION_BIN` | our 12-digit BIN | required with `KASPI_API_URL` |
/// | `KASPI_DEVICE_TOKEN` | the device token of our trade point | required with `KASPI_API_URL` |
/// | `KASPI_TRADE_POINT_ID` | the trade point (sent on `remote/create` when set) | unset |
/// | `KASPI_INVOICE_LIFETIME` | how long Kaspi keeps a remote invoice (same value as Kaspi's) | 15m |
/// | `KASPI_API_TIMEOUT` | time limit of one partner-API call | 10s |
/// | `KASPI_POLL_INTERVAL` | status polling interval (Kaspi's `StatusPollingInterval`) | 5s |
/// | `KASPI_CONFIRMATION_TIMEOUT` | Kaspi's `PaymentConfirmationTimeout`: grace after expiry before giving up | 65s |
struct KaspiPartnerConfiguration: Sendable {
    var baseURL: String
    /// Secret: never logged.
    var apiKey: String
    var organizationBin: String
    var deviceToken: String
    var tradePointId: Int?
    var invoiceLifetime: Duration
    var requestTimeout: Duration
    var pollInterval: Duration
    var confirmationTimeout: Duration

    /// nil when `KASPI_API_URL` is unset.
    static func load(from reader: ConfigReader) throws -> KaspiPartnerConfiguration? {
        guard reader.value("KASPI_API_URL") != nil else { return nil }
        var base = try reader.url("KASPI_API_URL", schemes: ["http", "https"])
        while base.hasSuffix("/") { base.removeLast() }
        let bin = try reader.required("KASPI_ORGANIZATION_BIN")
        guard bin.count == 12, bin.allSatisfy(\.isASCII), bin.allSatisfy(\.isNumber) else {
            throw ConfigError.malformed("KASPI_ORGANIZATION_BIN", expected: "12 digits", value: bin)
        }
        var tradePoint: Int?
        if reader.value("KASPI_TRADE_POINT_ID") != nil {
            tradePoint = try reader.int("KASPI_TRADE_POINT_ID", default: 0, range: 1...Int.max)
        }
        return KaspiPartnerConfiguration(
            baseURL: base, apiKey: try reader.required("KASPI_API_KEY"), organizationBin: bin,
            deviceToken: try reader.required("KASPI_DEVICE_TOKEN"), tradePointId: tradePoint,
            invoiceLifetime: try reader.duration("KASPI_INVOICE_LIFETIME", default: .seconds(900)),
            requestTimeout: try reader.duration("KASPI_API_TIMEOUT", default: .seconds(10)),
            pollInterval: try reader.duration("KASPI_POLL_INTERVAL", default: .seconds(5)),
            confirmationTimeout: try reader.duration("KASPI_CONFIRMATION_TIMEOUT", default: .seconds(65)))
    }
}
