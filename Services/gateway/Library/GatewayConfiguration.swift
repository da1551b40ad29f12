import Foundation
import ServiceRuntime

/// The gateway's own settings (besides every service's, docs/configuration.md).
public struct GatewayConfiguration: Sendable {
    /// `TELEGRAM_API_URL`, default https://api.telegram.org (the sandbox in development and tests).
    public var telegramAPIURL: String
    /// `TELEGRAM_BOT_TOKEN`, required, secret: never logged nor echoed in errors.
    public var botToken: String
    /// `TELEGRAM_POLL_TIMEOUT` seconds of one long poll (default 25).
    public var pollTimeout: Int

    public static func load(from reader: ConfigReader) throws -> GatewayConfiguration {
        let url = reader.string("TELEGRAM_API_URL", default: "https://api.telegram.org")
        guard let components = URLComponents(string: url), ["http", "https"].contains(components.scheme ?? ""),
              components.host?.isEmpty == false
        else {
            throw ConfigError.malformed("TELEGRAM_API_URL", expected: "an http(s) URL", value: nil)
        }
        let token = try reader.required("TELEGRAM_BOT_TOKEN")
        let parts = token.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, Int64(parts[0]) != nil, !parts[1].isEmpty else {
            throw ConfigError.malformed("TELEGRAM_BOT_TOKEN", expected: "<bot id>:<secret>", value: nil)
        }
        return GatewayConfiguration(telegramAPIURL: url, botToken: token,
                                    pollTimeout: try reader.int("TELEGRAM_POLL_TIMEOUT", default: 25, range: 0...50))
    }
}
