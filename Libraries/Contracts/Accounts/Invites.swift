import Foundation

/// RPC: a superadmin creates an invite code (single use, expiring). The admin service checks that `createdBy` is a
/// superadmin (the edge established who asks); anyone else is refused with `forbidden`.
public struct CreateInvite: RPCRequest {
    public typealias Response = InviteCreated
    public static let messageType: MessageType = "admin.invite.create.v1"
    public static let destination: ServiceName = .admin

    /// The role the code grants; only `realtor` today.
    public var role: AccountRole
    /// Telegram user id of the superadmin asking.
    public var createdBy: Int64

    public init(role: AccountRole, createdBy: Int64) {
        self.role = role
        self.createdBy = createdBy
    }
}

/// Reply to ``CreateInvite``: the code (shown once: only its hash is stored) and when it stops working.
public struct InviteCreated: Message {
    public static let messageType: MessageType = "admin.invite.create.reply.v1"

    /// `XXXX-XXXX`, Crockford base32 (no I, L, O, U); also accepted without the dash and in lower case.
    public var code: String
    public var role: AccountRole
    public var expiresAt: Date

    public init(code: String, role: AccountRole, expiresAt: Date) {
        self.code = code
        self.role = role
        self.expiresAt = expiresAt
    }
}

/// RPC: a Telegram user redeems an invite code; on success their account gets the code's role with the name and
/// phone given (both required for a realtor).
public struct RedeemInvite: RPCRequest {
    public typealias Response = InviteRedemption
    public static let messageType: MessageType = "admin.invite.redeem.v1"
    public static let destination: ServiceName = .admin

    public var code: String
    public var telegramId: Int64
    public var displayName: String
    /// E.164 (`+77011234567`).
    public var phone: String

    public init(code: String, telegramId: Int64, displayName: String, phone: String) {
        self.code = code
        self.telegramId = telegramId
        self.displayName = displayName
        self.phone = phone
    }
}

/// RPC: whether an invite code would be accepted now, without using it (the bot checks the code before it asks for
/// the name and phone). Failed checks count towards the same throttle as failed redemptions.
public struct CheckInvite: RPCRequest {
    public typealias Response = InviteRedemption
    public static let messageType: MessageType = "admin.invite.check.v1"
    public static let destination: ServiceName = .admin

    public var code: String
    public var telegramId: Int64

    public init(code: String, telegramId: Int64) {
        self.code = code
        self.telegramId = telegramId
    }
}

/// Reply to ``RedeemInvite`` and ``CheckInvite``.
public struct InviteRedemption: Message {
    public static let messageType: MessageType = "admin.invite.redeem.reply.v1"

    public enum Outcome: String, Codable, Sendable, Equatable {
        /// Redeemed (or, for a check, redeemable): `role` is the role granted.
        case accepted
        /// No such code (or a malformed one).
        case unknown
        /// Already redeemed by someone.
        case used
        case expired
        /// Too many failed attempts from this user lately: try again later.
        case throttled
        /// The user already has this role (or a higher one): nothing changes, the code stays unused.
        case alreadyHasRole = "already_has_role"
    }

    public var outcome: Outcome
    public var role: AccountRole?

    public init(outcome: Outcome, role: AccountRole? = nil) {
        self.outcome = outcome
        self.role = role
    }
}
