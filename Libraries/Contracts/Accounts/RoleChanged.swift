import Foundation

/// A person's role changed (an invite redeemed, a superadmin added, a realtor revoked). Services that cache roles
/// drop their entry; the event catalog's consumers learn who the realtors are.
public struct AccountRoleChanged: Event {
    public static let messageType: MessageType = "admin.account.role-changed.v1"

    public var telegramId: Int64
    public var previousRole: AccountRole
    public var role: AccountRole
    /// Who changed it: a Telegram user id, or nil for an operator's command (`zhilyego-ops`).
    public var changedBy: Int64?
    /// `invite`, `ops`, `revoked`.
    public var reason: String
    public var occurredAt: Date

    public init(telegramId: Int64, previousRole: AccountRole, role: AccountRole, changedBy: Int64?, reason: String,
                occurredAt: Date)
    {
        self.telegramId = telegramId
        self.previousRole = previousRole
        self.role = role
        self.changedBy = changedBy
        self.reason = reason
        self.occurredAt = occurredAt
    }
}
