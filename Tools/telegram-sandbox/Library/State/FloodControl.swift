/// Telegram-like flood limits, switchable off for benchmarks.
///
/// Token buckets: per chat `perChatBurst` messages at once, refilled at `perChatRate` per second; per bot across
/// all chats `globalRate` per second (burst of the same size); per group chat `groupPerMinute` per minute.
/// Only sending methods are charged: sendMessage, sendPhoto, sendDocument cost 1, sendMediaGroup costs one per
/// item (a bucket with at least one token may go into debt, so an album always goes out but delays what
/// follows). Edits are charged to the per-bot bucket only; answers, deletions and chat actions are free.
public struct FloodSettings: Sendable, Equatable, Codable {
    public var enabled: Bool
    public var perChatRate: Double
    public var perChatBurst: Int
    public var globalRate: Double
    public var groupPerMinute: Int

    public init(enabled: Bool = true, perChatRate: Double = 1, perChatBurst: Int = 5, globalRate: Double = 30,
                groupPerMinute: Int = 20)
    {
        self.enabled = enabled
        self.perChatRate = perChatRate
        self.perChatBurst = perChatBurst
        self.globalRate = globalRate
        self.groupPerMinute = groupPerMinute
    }

    public static let off = FloodSettings(enabled: false)

    /// Whether the numbers make sense (all positive).
    var isValid: Bool {
        perChatRate > 0 && perChatBurst >= 1 && globalRate > 0 && groupPerMinute >= 1
    }
}

struct TokenBucket {
    var capacity: Double
    var rate: Double
    var tokens: Double
    var updated: ContinuousClock.Instant

    init(capacity: Double, rate: Double, now: ContinuousClock.Instant) {
        self.capacity = capacity
        self.rate = rate
        tokens = capacity
        updated = now
    }

    mutating func refill(now: ContinuousClock.Instant) {
        let elapsed = now - updated
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        if seconds > 0 { tokens = min(capacity, tokens + seconds * rate) }
        updated = now
    }

    /// Whole seconds until one token is available (0 when one is).
    func secondsUntilAvailable() -> Int {
        tokens >= 1 ? 0 : max(1, Int(((1 - tokens) / rate).rounded(.up)))
    }

    var isFull: Bool { tokens >= capacity }
}

/// The buckets of all bots and chats. Owned by `SandboxState` (actor-isolated, so no locking of its own).
struct FloodControl {
    enum Charge {
        /// sendMessage, sendPhoto, sendDocument (1) and sendMediaGroup (its items).
        case send(items: Int)
        /// edit* methods: the per-bot bucket only.
        case edit
    }

    private(set) var settings: FloodSettings
    private var chatBuckets: [ChatKey: TokenBucket] = [:]
    private var botBuckets: [Int64: TokenBucket] = [:]

    private struct ChatKey: Hashable {
        let bot: Int64
        let chat: Int64
    }

    init(settings: FloodSettings) {
        self.settings = settings
    }

    mutating func update(_ settings: FloodSettings) {
        self.settings = settings
        reset()
    }

    mutating func reset() {
        chatBuckets.removeAll()
        botBuckets.removeAll()
    }

    /// Charges the call, or returns the `retry_after` seconds of a 429 (charging nothing).
    mutating func admit(bot: Int64, chat: Int64, charge: Charge, now: ContinuousClock.Instant = .now) -> Int? {
        guard settings.enabled else { return nil }
        let cost: Double
        var perChat = true
        switch charge {
        case .send(let items): cost = Double(max(1, items))
        case .edit:
            cost = 1
            perChat = false
        }

        var botBucket = botBuckets[bot]
            ?? TokenBucket(capacity: settings.globalRate, rate: settings.globalRate, now: now)
        botBucket.refill(now: now)
        var wait = botBucket.secondsUntilAvailable()

        let chatKey = ChatKey(bot: bot, chat: chat)
        var chatBucket: TokenBucket?
        if perChat {
            var bucket = chatBuckets[chatKey] ?? (chat < 0
                ? TokenBucket(capacity: Double(settings.groupPerMinute), rate: Double(settings.groupPerMinute) / 60,
                              now: now)
                : TokenBucket(capacity: Double(settings.perChatBurst), rate: settings.perChatRate, now: now))
            bucket.refill(now: now)
            wait = max(wait, bucket.secondsUntilAvailable())
            chatBucket = bucket
        }

        if wait > 0 {
            botBuckets[bot] = botBucket
            if let chatBucket { chatBuckets[chatKey] = chatBucket }
            return wait
        }
        botBucket.tokens -= cost
        botBuckets[bot] = botBucket
        if var chatBucket {
            chatBucket.tokens -= cost
            chatBuckets[chatKey] = chatBucket
        }
        if chatBuckets.count > 50_000 {
            chatBuckets = chatBuckets.filter { entry in
                var bucket = entry.value
                bucket.refill(now: now)
                return !bucket.isFull
            }
        }
        return nil
    }
}
