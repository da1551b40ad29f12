import Foundation

/// RPC: a Telegram user's account as the admin service knows it. Edges (the gateway, the panel) ask it to learn
/// the role of whoever acts; an unknown user is a guest.
public struct GetAccount: RPCRequest {
    public typealias Response = AccountLookup
    public static let messageType: MessageType = "admin.account.get.v1"
    public static let destination: ServiceName = .admin

    public var telegramId: Int64

    public init(telegramId: Int64) { self.telegramId = telegramId }
}

/// Reply to ``GetAccount``.
public struct AccountLookup: Message {
    public static let messageType: MessageType = "admin.account.get.reply.v1"

    public var telegramId: Int64
    /// `guest` for people without an account (and for revoked realtors).
    public var role: AccountRole
    /// The name the realtor gave when redeeming an invite; nil for guests.
    public var displayName: String?
    /// E.164, the realtor's contact phone; nil for guests.
    public var phone: String?

    public init(telegramId: Int64, role: AccountRole, displayName: String? = nil, phone: String? = nil) {
        self.telegramId = telegramId
        self.role = role
        self.displayName = displayName
        self.phone = phone
    }
}
