/// Everything the sandbox can be told at start. Defaults suit development; tests override what they need.
public struct SandboxConfiguration: Sendable {
    /// The development token documented in docs/telegram-sandbox.md (`SANDBOX_BOT_TOKENS` default).
    public static let developmentToken = "123456:sandbox-token"

    public var host: String
    /// 0 picks a free port (tests read the bound port from `onServerRunning`).
    public var port: Int
    public var bots: [BotAccount]
    public var flood: FloodSettings
    /// Messages kept per chat; older ones are forgotten (the sandbox lives in memory).
    public var historyPerChat: Int
    /// Unconfirmed updates kept per bot; the oldest are dropped beyond this.
    public var maxPendingUpdates: Int
    /// How long a callback query can be answered (Telegram's clients give up after about 15 s).
    public var callbackAnswerWindow: Duration
    /// First retry delay of a failed webhook delivery; it doubles up to `webhookMaxRetryDelay`.
    public var webhookRetryDelay: Duration
    public var webhookMaxRetryDelay: Duration
    /// Time limit of one webhook POST.
    public var webhookTimeout: Duration
    /// Bytes of uploaded files kept; the oldest files are forgotten beyond this.
    public var fileStoreBytes: Int
    /// The longest `getUpdates` timeout honoured, in seconds.
    public var maxLongPollSeconds: Int

    public init(host: String = "127.0.0.1", port: Int = 8090,
                bots: [BotAccount] = [BotAccount(id: 123_456, token: SandboxConfiguration.developmentToken,
                                                 username: "zhilyego_bot", firstName: "ЖильеGO")],
                flood: FloodSettings = FloodSettings(), historyPerChat: Int = 500, maxPendingUpdates: Int = 10_000,
                callbackAnswerWindow: Duration = .seconds(15), webhookRetryDelay: Duration = .seconds(1),
                webhookMaxRetryDelay: Duration = .seconds(30), webhookTimeout: Duration = .seconds(10),
                fileStoreBytes: Int = 512 * 1024 * 1024, maxLongPollSeconds: Int = 60)
    {
        self.host = host
        self.port = port
        self.bots = bots
        self.flood = flood
        self.historyPerChat = historyPerChat
        self.maxPendingUpdates = maxPendingUpdates
        self.callbackAnswerWindow = callbackAnswerWindow
        self.webhookRetryDelay = webhookRetryDelay
        self.webhookMaxRetryDelay = webhookMaxRetryDelay
        self.webhookTimeout = webhookTimeout
        self.fileStoreBytes = fileStoreBytes
        self.maxLongPollSeconds = maxLongPollSeconds
    }
}

/// One bot the sandbox serves: its token (`<id>:<secret>`), and the identity getMe reports.
public struct BotAccount: Sendable, Equatable {
    public let id: Int64
    public let token: String
    public let username: String
    public let firstName: String

    public init(id: Int64, token: String, username: String, firstName: String) {
        self.id = id
        self.token = token
        self.username = username
        self.firstName = firstName
    }

    /// Whether `token` has the shape of a Telegram bot token: digits, a colon, then letters, digits, `_` or `-`.
    public static func isWellFormed(_ token: String) -> Bool {
        let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII), Int64(parts[0]) != nil,
              !parts[1].isEmpty
        else { return false }
        return parts[1].unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == "-"
        }
    }

    /// Parses `SANDBOX_BOT_TOKENS`: comma-separated `<id>:<secret>` tokens, each optionally followed by
    /// `@username`. The first bot without a username gets `defaultUsername`, later ones `sandbox<id>_bot`.
    /// Returns nil when a token is malformed or two share an id.
    public static func parseList(_ text: String, defaultUsername: String, firstName: String) -> [BotAccount]? {
        var accounts: [BotAccount] = []
        for item in text.split(separator: ",").map({ String($0).trimmingASCIIWhitespace() }) where !item.isEmpty {
            let pieces = item.split(separator: "@", maxSplits: 1).map(String.init)
            let token = pieces[0]
            guard isWellFormed(token), let id = Int64(token.prefix { $0 != ":" }), id > 0 else { return nil }
            guard !accounts.contains(where: { $0.id == id }) else { return nil }
            let username = pieces.count > 1 && !pieces[1].isEmpty
                ? pieces[1] : (accounts.isEmpty ? defaultUsername : "sandbox\(id)_bot")
            accounts.append(BotAccount(id: id, token: token, username: username, firstName: firstName))
        }
        return accounts.isEmpty ? nil : accounts
    }

    var user: BotAPI.User {
        BotAPI.User(id: id, isBot: true, firstName: firstName, username: username)
    }
}
