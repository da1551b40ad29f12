import Foundation

/// Telegram's flood limits as the notifier keeps them, shared by all instances through PostgreSQL (GCRA:
/// a "theoretical arrival time" per chat and one for the bot). Deliberately a little under Telegram's own
/// (about 1 message/s per chat with short bursts, about 30/s overall) so network jitter never turns into 429s.
public struct SendLimits: Sendable, Equatable {
    /// Messages per second to one chat.
    public var perChatRate: Double
    /// Messages one chat may receive at once.
    public var perChatBurst: Int
    /// Messages per second across all chats.
    public var globalRate: Double
    /// Messages the bot may send at once across all chats.
    public var globalBurst: Int

    public init(perChatRate: Double = 0.95, perChatBurst: Int = 3, globalRate: Double = 28, globalBurst: Int = 10) {
        self.perChatRate = perChatRate
        self.perChatBurst = perChatBurst
        self.globalRate = globalRate
        self.globalBurst = globalBurst
    }

    var chatInterval: Double { 1 / perChatRate }
    var chatTolerance: Double { Double(max(1, perChatBurst) - 1) * chatInterval }
    var globalInterval: Double { 1 / globalRate }
    var globalTolerance: Double { Double(max(1, globalBurst) - 1) * globalInterval }
}
