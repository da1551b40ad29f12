/// What happened since start (or the last reset), for tests and benchmarks (`GET /sandbox/counters`).
public struct SandboxCounters: Sendable, Codable, Equatable {
    /// Bot API calls with a known token, by method name as called.
    public var apiCalls = 0
    /// Messages the bots sent (an album counts each item).
    public var messagesSent = 0
    public var messagesEdited = 0
    public var messagesDeleted = 0
    public var callbackAnswers = 0
    /// 429 answers given by flood control.
    public var tooManyRequests = 0
    /// Bot API calls answered with any error (including 429).
    public var errors = 0
    /// Sends that had to wait because their chat was held (each counted once, when it starts waiting).
    public var heldSends = 0
    public var updatesCreated = 0
    public var updatesDeliveredByPolling = 0
    public var webhookDeliveries = 0
    public var webhookFailures = 0
    public var byMethod: [String: Int] = [:]

    public init() {}
}
