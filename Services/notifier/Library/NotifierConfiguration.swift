import Foundation
import ServiceRuntime

/// The notifier's own settings (beside the runtime's).
struct NotifierConfiguration: Sendable {
    /// `TELEGRAM_API_URL`, default https://api.telegram.org (the sandbox in development and tests).
    var telegramURL: String
    /// `TELEGRAM_BOT_TOKEN`, required, secret: never logged nor echoed in errors.
    var telegramToken: String
    /// `NOTIFIER_WORKERS` (default 4), `NOTIFIER_BATCH` (default 10), `NOTIFIER_RETENTION_DAYS` (default 30).
    var dispatcher: NotificationDispatcher.Configuration
    /// `NOTIFIER_PER_CHAT_RATE` (0.95/s), `NOTIFIER_PER_CHAT_BURST` (3), `NOTIFIER_GLOBAL_RATE` (28/s),
    /// `NOTIFIER_GLOBAL_BURST` (10).
    var limits: SendLimits
    /// `NOTIFIER_REVIEW_REMINDER_DELAY` (2h) and `NOTIFIER_REVIEW_NUDGE_DELAY` (26h): after check-out.
    var reviewReminderDelay: TimeInterval
    var reviewNudgeDelay: TimeInterval
    /// `NOTIFIER_ACCESS_REVEAL_TIMEOUT` (5s), `NOTIFIER_ACCESS_ALERT_AFTER` (5m), `NOTIFIER_ALERT_CHAT_IDS` (none):
    /// a paying guest whose access details are late.
    var access: NotificationRenderer.AccessSettings

    static func load(from reader: ConfigReader) throws -> NotifierConfiguration {
        let url = reader.string("TELEGRAM_API_URL", default: "https://api.telegram.org")
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            throw ConfigError.malformed("TELEGRAM_API_URL", expected: "an http(s) URL", value: nil)
        }
        let token = try reader.required("TELEGRAM_BOT_TOKEN")
        guard token.contains(":"), !token.contains("/"), !token.contains(where: \.isWhitespace) else {
            throw ConfigError.malformed("TELEGRAM_BOT_TOKEN", expected: "<bot id>:<secret>", value: nil)
        }
        var dispatcher = NotificationDispatcher.Configuration()
        dispatcher.workers = try reader.int("NOTIFIER_WORKERS", default: 4, range: 1...64)
        dispatcher.batchSize = try reader.int("NOTIFIER_BATCH", default: 10, range: 1...100)
        dispatcher.retentionDays = try reader.int("NOTIFIER_RETENTION_DAYS", default: 30, range: 1...3650)
        var limits = SendLimits()
        limits.perChatRate = try rate(reader, "NOTIFIER_PER_CHAT_RATE", default: limits.perChatRate)
        limits.perChatBurst = try reader.int("NOTIFIER_PER_CHAT_BURST", default: limits.perChatBurst, range: 1...100)
        limits.globalRate = try rate(reader, "NOTIFIER_GLOBAL_RATE", default: limits.globalRate)
        limits.globalBurst = try reader.int("NOTIFIER_GLOBAL_BURST", default: limits.globalBurst, range: 1...1000)
        let reminder = try seconds(reader.duration("NOTIFIER_REVIEW_REMINDER_DELAY", default: .seconds(2 * 3600)))
        let nudge = try seconds(reader.duration("NOTIFIER_REVIEW_NUDGE_DELAY", default: .seconds(26 * 3600)))
        guard nudge > reminder else {
            throw ConfigError.malformed("NOTIFIER_REVIEW_NUDGE_DELAY",
                                        expected: "longer than NOTIFIER_REVIEW_REMINDER_DELAY", value: nil)
        }
        var access = NotificationRenderer.AccessSettings()
        access.revealTimeout = try reader.duration("NOTIFIER_ACCESS_REVEAL_TIMEOUT", default: .seconds(5))
        access.alertAfter = try seconds(reader.duration("NOTIFIER_ACCESS_ALERT_AFTER", default: .seconds(5 * 60)))
        access.operatorChats = try chatIds(reader, "NOTIFIER_ALERT_CHAT_IDS")
        return NotifierConfiguration(telegramURL: url, telegramToken: token, dispatcher: dispatcher, limits: limits,
                                     reviewReminderDelay: reminder, reviewNudgeDelay: nudge, access: access)
    }

    private static func seconds(_ duration: Duration) -> TimeInterval {
        let parts = duration.components
        return TimeInterval(parts.seconds) + TimeInterval(parts.attoseconds) / 1e18
    }

    /// Comma-separated Telegram chat ids; empty or unset: none.
    private static func chatIds(_ reader: ConfigReader, _ name: String) throws -> [Int64] {
        let text = reader.value(name)?.trimmingCharacters(in: .whitespaces) ?? ""
        guard !text.isEmpty else { return [] }
        return try text.split(separator: ",").map { part in
            guard let id = Int64(part.trimmingCharacters(in: .whitespaces)), id != 0 else {
                throw ConfigError.malformed(name, expected: "comma-separated Telegram chat ids", value: text)
            }
            return id
        }
    }

    private static func rate(_ reader: ConfigReader, _ name: String, default value: Double) throws -> Double {
        guard let text = reader.value(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return value }
        guard let rate = Double(text), rate > 0, rate <= 10_000 else {
            throw ConfigError.malformed(name, expected: "a positive number of messages per second", value: text)
        }
        return rate
    }
}
