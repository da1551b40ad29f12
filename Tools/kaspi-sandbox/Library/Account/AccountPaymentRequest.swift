/// What a pay-by-account control call asks the sandbox to do (`POST /sandbox/account-payments`).
public struct AccountPaymentRequest: Sendable, Codable, Equatable {
    public enum Mode: String, Sendable, Codable, CaseIterable {
        /// check, then pay; re-sends the pay after a timeout or `result 4`, as Kaspi does.
        case normal
        /// As normal, then sends the same pay (same `txn_id`) once more and compares the answers.
        case replay
        /// The first pay «times out»: its answer is discarded (or, with `abort_after_ms`, the request is really
        /// aborted by a short client timeout); then the same pay is re-sent.
        case timeout
        /// Sends one deliberately malformed request (see `Defect`).
        case malformed
    }

    /// What is wrong with a `malformed` request.
    public enum Defect: String, Sendable, Codable, CaseIterable {
        /// `txn_id` with letters.
        case txnId = "txn_id"
        /// No `txn_id` at all.
        case missingTxnId = "missing_txn_id"
        /// `sum` that is not a number.
        case sum
        /// No `account`.
        case account
        /// An unknown `command`.
        case command
        /// A pay with an impossible `txn_date`.
        case txnDate = "txn_date"
    }

    public var account: String
    /// Tenge as decimal text (`15000`, `15000.50`); sent with two decimals.
    public var sum: String
    public var mode: Mode?
    /// Re-use a given `txn_id` instead of a fresh one (to re-send an old payment later).
    public var txnId: String?
    /// The merchant URL for this call; default: the configured one.
    public var url: String?
    /// Call from this local address (e.g. `127.0.0.9`, not allow-listed); default: the configured one.
    public var sourceAddress: String?
    /// Send the pay without the preceding check (a race: the booking changed between check and pay).
    public var skipCheck: Bool?
    public var defect: Defect?
    /// `timeout` mode: abort the first pay after this many milliseconds instead of discarding its answer.
    public var abortAfterMs: Int?

    public init(account: String, sum: String, mode: Mode? = nil, txnId: String? = nil, url: String? = nil,
                sourceAddress: String? = nil, skipCheck: Bool? = nil, defect: Defect? = nil, abortAfterMs: Int? = nil)
    {
        self.account = account
        self.sum = sum
        self.mode = mode
        self.txnId = txnId
        self.url = url
        self.sourceAddress = sourceAddress
        self.skipCheck = skipCheck
        self.defect = defect
        self.abortAfterMs = abortAfterMs
    }
}

/// A pay-by-account request the sandbox cannot perform (no merchant URL, a malformed sum or `txn_id`).
public struct AccountPaymentError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public var description: String { message }
}
