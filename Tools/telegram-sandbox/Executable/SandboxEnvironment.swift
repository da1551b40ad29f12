import Foundation
import ServiceRuntime
import TelegramSandbox

/// Reads the sandbox's configuration from environment variables (see docs/telegram-sandbox.md).
enum SandboxEnvironment {
    static func load(_ reader: ConfigReader = ConfigReader()) throws -> SandboxConfiguration {
        var configuration = SandboxConfiguration()
        configuration.host = reader.string("SANDBOX_HOST", default: "127.0.0.1")
        configuration.port = try reader.int("SANDBOX_PORT", default: 8090, range: 0...65_535)

        let username = reader.string("SANDBOX_BOT_USERNAME", default: "zhilyego_bot")
        let firstName = reader.string("SANDBOX_BOT_NAME", default: "ЖильеGO")
        let tokens = reader.string("SANDBOX_BOT_TOKENS", default: SandboxConfiguration.developmentToken)
        guard let bots = BotAccount.parseList(tokens, defaultUsername: username, firstName: firstName) else {
            // Tokens are credentials: never echo them.
            throw ConfigError.malformed("SANDBOX_BOT_TOKENS",
                                        expected: "comma-separated <digits>:<secret> tokens with distinct ids, each "
                                            + "optionally followed by @username",
                                        value: nil)
        }
        configuration.bots = bots

        var flood = FloodSettings()
        flood.enabled = try reader.bool("SANDBOX_FLOOD_LIMITS", default: true)
        flood.perChatRate = try positiveDouble(reader, "SANDBOX_PER_CHAT_RATE", default: flood.perChatRate)
        flood.perChatBurst = try reader.int("SANDBOX_PER_CHAT_BURST", default: flood.perChatBurst, range: 1...1_000)
        flood.globalRate = try positiveDouble(reader, "SANDBOX_GLOBAL_RATE", default: flood.globalRate)
        flood.groupPerMinute = try reader.int("SANDBOX_GROUP_PER_MINUTE", default: flood.groupPerMinute,
                                              range: 1...10_000)
        configuration.flood = flood

        configuration.historyPerChat = try reader.int("SANDBOX_HISTORY_PER_CHAT", default: 500, range: 10...100_000)
        configuration.callbackAnswerWindow = try reader.duration("SANDBOX_CALLBACK_TIMEOUT", default: .seconds(15))
        configuration.webhookRetryDelay = try reader.duration("SANDBOX_WEBHOOK_RETRY_DELAY", default: .seconds(1))
        configuration.fileStoreBytes = try reader.int("SANDBOX_FILE_STORE_MB", default: 512, range: 1...65_536)
            * 1024 * 1024
        return configuration
    }

    private static func positiveDouble(_ reader: ConfigReader, _ name: String, default defaultValue: Double) throws
        -> Double
    {
        guard let text = reader.value(name) else { return defaultValue }
        guard let value = Double(text.trimmingCharacters(in: .whitespaces)), value > 0, value.isFinite else {
            throw ConfigError.malformed(name, expected: "a positive number (messages per second)", value: text)
        }
        return value
    }
}
