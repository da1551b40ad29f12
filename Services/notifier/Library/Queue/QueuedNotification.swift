import Foundation

/// A notification claimed for sending (status `sending`, leased to this instance).
public struct QueuedNotification: Sendable, Equatable {
    public var id: Int64
    public var dedupeKey: String
    public var chatId: Int64
    public var kind: NotificationKind
    public var bookingId: UUID?
    public var payload: NotificationPayload
    /// Including this one.
    public var attempts: Int
}

/// The result of one claim: the rows to send, or how long to wait before a claim can succeed.
public struct ClaimResult: Sendable {
    public var notifications: [QueuedNotification]
    /// When nothing was claimed because the bot-wide limit is exhausted: seconds until a token frees up.
    public var globalWait: Double?
}
