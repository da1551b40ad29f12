import Foundation
import KaspiSandbox
import ServiceRuntime

/// Reads the sandbox's configuration from environment variables (see docs/kaspi-sandbox.md).
enum KaspiSandboxEnvironment {
    static func load(_ reader: ConfigReader = ConfigReader()) throws -> KaspiSandboxConfiguration {
        var configuration = KaspiSandboxConfiguration()
        configuration.host = reader.string("KASPI_SANDBOX_HOST", default: "127.0.0.1")
        configuration.port = try reader.int("KASPI_SANDBOX_PORT", default: 8091, range: 0...65_535)
        if reader.value("KASPI_SANDBOX_PUBLIC_URL") != nil {
            configuration.publicBaseURL = try trimmedSlash(reader.url("KASPI_SANDBOX_PUBLIC_URL",
                                                                      schemes: ["http", "https"]))
        }
        configuration.apiKey = reader.string("KASPI_SANDBOX_API_KEY", default: KaspiSandboxConfiguration.developmentAPIKey)
        configuration.organizationBin = reader.string("KASPI_SANDBOX_ORGANIZATION_BIN",
                                                      default: KaspiSandboxConfiguration.developmentOrganizationBin)
        guard configuration.organizationBin.count == 12,
              configuration.organizationBin.allSatisfy({ $0.isASCII && $0.isNumber })
        else {
            throw ConfigError.malformed("KASPI_SANDBOX_ORGANIZATION_BIN", expected: "12 digits",
                                        value: configuration.organizationBin)
        }
        configuration.deviceToken = reader.string("KASPI_SANDBOX_DEVICE_TOKEN",
                                                  default: KaspiSandboxConfiguration.developmentDeviceToken)
        configuration.tradePointId = Int64(try reader.int("KASPI_SANDBOX_TRADE_POINT_ID", default: 1,
                                                          range: 1...Int(Int32.max)))
        configuration.invoiceLifetime = try positive(reader, "KASPI_SANDBOX_INVOICE_LIFETIME", default: .seconds(900))
        configuration.linkLifetime = try positive(reader, "KASPI_SANDBOX_LINK_LIFETIME", default: .seconds(300))
        configuration.confirmationTimeout = try positive(reader, "KASPI_SANDBOX_CONFIRMATION_TIMEOUT",
                                                         default: .seconds(65))
        if reader.value("KASPI_MERCHANT_ACCOUNT_URL") != nil {
            configuration.merchantAccountURL = try reader.url("KASPI_MERCHANT_ACCOUNT_URL", schemes: ["http", "https"])
        }
        if let source = reader.value("KASPI_SANDBOX_SOURCE_ADDRESS") {
            guard !source.contains(where: { $0.isWhitespace }) else {
                throw ConfigError.malformed("KASPI_SANDBOX_SOURCE_ADDRESS", expected: "an IP address like 127.0.0.2",
                                            value: source)
            }
            configuration.sourceAddress = source
        }
        configuration.accountRequestTimeout = try positive(reader, "KASPI_SANDBOX_ACCOUNT_TIMEOUT", default: .seconds(5))
        configuration.accountRetryDelay = try reader.duration("KASPI_SANDBOX_ACCOUNT_RETRY_DELAY", default: .seconds(1))
        configuration.accountMaxAttempts = try reader.int("KASPI_SANDBOX_ACCOUNT_ATTEMPTS", default: 5, range: 1...100)
        return configuration
    }

    private static func positive(_ reader: ConfigReader, _ name: String, default defaultValue: Duration) throws
        -> Duration
    {
        let value = try reader.duration(name, default: defaultValue)
        guard value > .zero else {
            throw ConfigError.malformed(name, expected: "a positive duration like 15m", value: reader.value(name))
        }
        return value
    }

    private static func trimmedSlash(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }
}
