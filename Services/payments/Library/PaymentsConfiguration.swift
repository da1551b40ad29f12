import Foundation
import ServiceRuntime

/// The payments service's own variables (besides the common ones of `ServiceConfiguration`).
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `KASPI_HTTP_HOST` | address of the Kaspi listener (pay-by-account) | `HTTP_HOST` |
/// | `KASPI_HTTP_PORT` | its port | 8094 |
/// | `KASPI_ALLOWED_SOURCES` | comma-separated IPs/CIDRs Kaspi calls from | `127.0.0.1/32,::1/128` outside production; required in production |
/// | `KASPI_TRUSTED_PROXIES` | our reverse proxies whose `X-Forwarded-For` is believed | none |
/// | `KASPI_PAY_LEASE` | how long one pay request owns its txn_id before a re-send may take over | 30s |
struct PaymentsConfiguration: Sendable {
    var kaspiHost: String
    var kaspiPort: Int
    var sources: SourceAddressPolicy
    var payLease: Duration

    static let defaultKaspiPort = 8094

    static func load(from reader: ConfigReader, environment: DeploymentEnvironment,
                     httpHost: String) throws -> PaymentsConfiguration
    {
        let allowedText: String
        if let text = reader.value("KASPI_ALLOWED_SOURCES") {
            allowedText = text
        } else if environment.isProduction {
            throw ConfigError.missing("KASPI_ALLOWED_SOURCES")
        } else {
            allowedText = "127.0.0.1/32,::1/128"
        }
        guard let allowed = AddressList(parsing: allowedText), !allowed.ranges.isEmpty else {
            throw ConfigError.malformed("KASPI_ALLOWED_SOURCES", expected: "comma-separated IP addresses or CIDR ranges",
                                        value: allowedText)
        }
        let proxiesText = reader.string("KASPI_TRUSTED_PROXIES", default: "")
        guard let proxies = AddressList(parsing: proxiesText) else {
            throw ConfigError.malformed("KASPI_TRUSTED_PROXIES", expected: "comma-separated IP addresses or CIDR ranges",
                                        value: proxiesText)
        }
        let lease = try reader.duration("KASPI_PAY_LEASE", default: .seconds(30))
        guard lease >= .milliseconds(100) else {
            throw ConfigError.malformed("KASPI_PAY_LEASE", expected: "a duration of at least 100ms", value: nil)
        }
        return PaymentsConfiguration(
            kaspiHost: reader.string("KASPI_HTTP_HOST", default: httpHost),
            kaspiPort: try reader.int("KASPI_HTTP_PORT", default: defaultKaspiPort, range: 0...65535),
            sources: SourceAddressPolicy(allowed: allowed, trustedProxies: proxies), payLease: lease)
    }
}
