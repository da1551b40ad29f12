import Testing

@Suite struct TelegramSandboxPlaceholder {}
