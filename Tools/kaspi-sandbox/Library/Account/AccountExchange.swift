import Foundation

/// One request the sandbox (playing Kaspi) sent to the merchant's pay-by-account endpoint, and what came back.
public struct AccountExchange: Sendable, Codable, Equatable {
    /// The merchant's answer, as far as it parsed (every field optional: a broken merchant is recorded too).
    public struct Answer: Sendable, Codable, Equatable {
        public var txnId: String?
        public var prvTxn: String?
        public var sum: String?
        public var result: Int?
        public var comment: String?
    }

    public let id: Int
    /// The pay-by-account run (one control call) this exchange belongs to.
    public let run: Int
    public let txnId: String
    /// `check`, `pay`, or what a malformed request sent.
    public let command: String
    /// 1 for the first send of this command in the run, 2… for re-sends.
    public let attempt: Int
    /// The full URL as sent (the merchant URL with the query string).
    public let url: String
    public let sourceAddress: String?
    public let sentAt: Date
    public let durationMs: Int
    /// nil when no HTTP response arrived.
    public let httpStatus: Int?
    public let body: String?
    /// Why no response arrived (timeout, connection refused, …), or nil.
    public let error: String?
    /// The parsed JSON answer, when the body was a JSON object.
    public let answer: Answer?
    /// What the sandbox did with it, e.g. «simulated timeout: answer discarded».
    public let note: String?
}

/// What one pay-by-account control call did.
public struct AccountPaymentOutcome: Sendable, Codable, Equatable {
    public enum Outcome: String, Sendable, Codable {
        /// pay answered `result 0`.
        case paid
        /// check answered something other than 0, so (like Kaspi) no pay was sent.
        case checkRefused = "check_refused"
        /// pay answered a final non-zero result.
        case refused
        /// No final answer after every attempt.
        case gaveUp = "gave_up"
        /// A deliberately malformed request was sent (its answer is in the exchanges).
        case malformedSent = "malformed_sent"
    }

    public let run: Int
    public let txnId: String
    public let account: String
    public let sum: String
    public let mode: String
    public let outcome: Outcome
    /// The final `result` of the last answered command.
    public let result: Int?
    public let prvTxn: String?
    /// In `replay` mode: whether the re-sent pay got byte-for-byte the first answer.
    public let replayIdentical: Bool?
    public let exchanges: [AccountExchange]
}
