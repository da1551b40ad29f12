import ServiceRuntime
import Testing

@testable import Gateway

@Suite struct GatewayWebhookConfigurationTests {
    static let base = ["TELEGRAM_BOT_TOKEN": "123456:sandbox-token"]

    @Test func withoutAWebhookURLTheGatewayPolls() throws {
        let configuration = try GatewayConfiguration.load(from: ConfigReader(environment: Self.base))
        #expect(configuration.webhookURL == nil)
        #expect(configuration.webhookSecret == nil)
    }

    @Test func aWebhookURLNeedsASecret() {
        let reader = ConfigReader(environment: Self.base.merging(
            ["TELEGRAM_WEBHOOK_URL": "https://bot.example.kz/telegram/webhook"]) { _, new in new })
        #expect(throws: ConfigError.missing("TELEGRAM_WEBHOOK_SECRET")) { try GatewayConfiguration.load(from: reader) }
    }

    @Test(arguments: ["has space", "кириллица", String(repeating: "a", count: 257)])
    func aSecretOutsideTelegramsAlphabetIsRefusedWithoutEchoingIt(secret: String) {
        let reader = ConfigReader(environment: Self.base.merging(
            ["TELEGRAM_WEBHOOK_URL": "https://bot.example.kz/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": secret])
        { _, new in new })
        do {
            _ = try GatewayConfiguration.load(from: reader)
            Issue.record("accepted a malformed secret")
        } catch let error as ConfigError {
            #expect(error.variable == "TELEGRAM_WEBHOOK_SECRET")
            #expect(!error.description.contains(secret))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func aValidWebhookConfigurationIsRead() throws {
        let reader = ConfigReader(environment: Self.base.merging(
            ["TELEGRAM_WEBHOOK_URL": "https://bot.example.kz/telegram/webhook", "TELEGRAM_WEBHOOK_SECRET": "Abc_123-x"])
        { _, new in new })
        let configuration = try GatewayConfiguration.load(from: reader)
        #expect(configuration.webhookURL == "https://bot.example.kz/telegram/webhook")
        #expect(configuration.webhookSecret == "Abc_123-x")
    }
}
