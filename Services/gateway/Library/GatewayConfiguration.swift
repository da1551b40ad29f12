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
    /// `GATEWAY_CATALOG_CACHE_TTL` (default 10s): how long cities, districts and a city's listed apartments are
    /// reused before the catalog is asked again.
    public var catalogCacheTTL: Duration
    /// `GATEWAY_AVAILABILITY_CACHE_TTL` (default 1s): how long booking's busy apartments for a city and dates are
    /// reused (0: not kept; concurrent identical requests still share one RPC). Booking's hold stays the
    /// authority: an apartment booked within that second may still be offered, and its hold is then refused.
    public var availabilityCacheTTL: Duration
    /// `TELEGRAM_WEBHOOK_URL`: when set, webhook mode — Telegram POSTs updates to this public https URL, which must
    /// reach the gateway's `/telegram/webhook`; unset: long polling.
    public var webhookURL: String?
    /// `TELEGRAM_WEBHOOK_SECRET`, required with a webhook URL, secret: 1–256 characters `A-Z a-z 0-9 _ -` that
    /// Telegram sends in `X-Telegram-Bot-Api-Secret-Token`.
    public var webhookSecret: String?

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
        let webhookURL = reader.value("TELEGRAM_WEBHOOK_URL").flatMap { $0.isEmpty ? nil : $0 }
        var webhookSecret: String?
        if let webhookURL {
            guard let components = URLComponents(string: webhookURL), ["http", "https"].contains(components.scheme ?? ""),
                  components.host?.isEmpty == false
            else {
                throw ConfigError.malformed("TELEGRAM_WEBHOOK_URL", expected: "an http(s) URL", value: webhookURL)
            }
            let secret = try reader.required("TELEGRAM_WEBHOOK_SECRET")
            let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")
            guard (1...256).contains(secret.count), secret.allSatisfy(allowed.contains) else {
                throw ConfigError.malformed("TELEGRAM_WEBHOOK_SECRET", expected: "1–256 characters A-Z a-z 0-9 _ -",
                                            value: nil)
            }
            webhookSecret = secret
        }
        return GatewayConfiguration(
            telegramAPIURL: url, botToken: token,
            pollTimeout: try reader.int("TELEGRAM_POLL_TIMEOUT", default: 25, range: 0...50),
            catalogCacheTTL: try reader.duration("GATEWAY_CATALOG_CACHE_TTL", default: .seconds(10)),
            availabilityCacheTTL: try reader.duration("GATEWAY_AVAILABILITY_CACHE_TTL", default: .seconds(1)),
            webhookURL: webhookURL, webhookSecret: webhookSecret)
    }
}
