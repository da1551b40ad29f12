import Contracts
import Cryptography
import Database
import Foundation
import HummingbirdBcrypt
import Messaging

/// Accounts, roles and invite codes in the admin schema (docs/accounts.md). Every role change is one transaction:
/// the account, an audit row and an `admin.account.role-changed.v1` event in the outbox.
public struct Accounts: Sendable {
    public struct Settings: Sendable {
        /// How long a new invite code works.
        public var inviteValidity: TimeInterval = 7 * 86_400
        /// Failed invite attempts a user may make within ``attemptWindow`` before being told to wait.
        public var maxFailedAttempts = 5
        public var attemptWindow: TimeInterval = 15 * 60

        public init() {}
    }

    let database: DatabasePool
    let outbox: Outbox
    let settings: Settings

    public init(database: DatabasePool, outbox: Outbox, settings: Settings = Settings()) {
        self.database = database
        self.outbox = outbox
        self.settings = settings
    }

    // MARK: Lookups

    public func account(_ telegramId: Int64) async throws -> AccountLookup {
        guard let row = try await database.queryFirst("""
            SELECT role, display_name, phone FROM accounts WHERE telegram_id = \(telegramId)
            """)
        else { return AccountLookup(telegramId: telegramId, role: .guest) }
        return AccountLookup(telegramId: telegramId,
                             role: AccountRole(rawValue: try row.decode("role")) ?? .guest,
                             displayName: try row.decode("display_name"), phone: try row.decode("phone"))
    }

    // MARK: Invites

    /// A new code for `role`; `createdBy` (a Telegram user) must be a superadmin, nil is an operator's command.
    public func createInvite(role: AccountRole, createdBy: Int64?, now: Date = Date()) async throws -> InviteCreated {
        guard role == .realtor else {
            throw AccountError.invalidField(field: "role", reason: "invite codes grant the realtor role only")
        }
        if let createdBy, try await account(createdBy).role != .superadmin {
            throw AccountError.forbidden("only a superadmin creates invite codes")
        }
        let code = try InviteCode.generate()
        let expiresAt = now.addingTimeInterval(settings.inviteValidity)
        try await database.execute("""
            INSERT INTO invite_codes (code_hash, role, created_by, expires_at)
            VALUES (\(code.hash), \(role.rawValue), \(createdBy), \(expiresAt))
            """)
        return InviteCreated(code: code.description, role: role, expiresAt: expiresAt)
    }

    /// Whether `text` would be accepted for `telegramId` now; a failed check counts as an attempt.
    public func check(_ text: String, telegramId: Int64, now: Date = Date()) async throws -> InviteRedemption {
        try await database.withTransaction { transaction in
            let verdict = try await judge(text, telegramId: telegramId, now: now, lock: false, in: transaction)
            return verdict.redemption
        }
    }

    /// Redeems `text` for `telegramId` with the realtor's name and phone: the code is used, the account gets its
    /// role, the change is audited and published — all or nothing.
    public func redeem(_ request: RedeemInvite, now: Date = Date()) async throws -> InviteRedemption {
        let name = request.displayName.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...64).contains(name.count) else {
            throw AccountError.invalidField(field: "displayName", reason: "1–64 characters")
        }
        guard Self.isPhone(request.phone) else {
            throw AccountError.invalidField(field: "phone", reason: "E.164, e.g. +77011234567")
        }
        return try await database.withTransaction { transaction in
            let verdict = try await judge(request.code, telegramId: request.telegramId, now: now, lock: true,
                                          in: transaction)
            guard case .accepted(let code, let role, let previous) = verdict else { return verdict.redemption }
            try await transaction.execute("""
                UPDATE invite_codes SET redeemed_by = \(request.telegramId), redeemed_at = \(now)
                WHERE code_hash = \(code.hash)
                """)
            try await transaction.execute("""
                INSERT INTO accounts (telegram_id, role, display_name, phone)
                VALUES (\(request.telegramId), \(role.rawValue), \(name), \(request.phone))
                ON CONFLICT (telegram_id) DO UPDATE
                    SET role = EXCLUDED.role, display_name = EXCLUDED.display_name, phone = EXCLUDED.phone,
                        updated_at = now()
                """)
            try await audit(request.telegramId, from: previous, to: role, by: request.telegramId, reason: "invite",
                            now: now, in: transaction)
            return InviteRedemption(outcome: .accepted, role: role)
        }
    }

    enum Verdict {
        case accepted(InviteCode, AccountRole, previous: AccountRole)
        case refused(InviteRedemption.Outcome, counts: Bool)

        var redemption: InviteRedemption {
            switch self {
            case .accepted(_, let role, _): InviteRedemption(outcome: .accepted, role: role)
            case .refused(let outcome, _): InviteRedemption(outcome: outcome)
            }
        }
    }

    /// Throttle first, then the code; a refusal that a guesser could learn from is recorded as an attempt.
    private func judge(_ text: String, telegramId: Int64, now: Date, lock: Bool,
                       in transaction: DatabaseTransaction) async throws -> Verdict
    {
        let since = now.addingTimeInterval(-settings.attemptWindow)
        let failures = try await transaction.queryFirst("""
            SELECT count(*) AS n FROM invite_attempts WHERE telegram_id = \(telegramId) AND attempted_at > \(since)
            """)?.decode("n", as: Int.self) ?? 0
        guard failures < settings.maxFailedAttempts else { return .refused(.throttled, counts: false) }
        let verdict = try await codeVerdict(text, telegramId: telegramId, now: now, lock: lock, in: transaction)
        if case .refused(_, counts: true) = verdict {
            try await transaction.execute("""
                INSERT INTO invite_attempts (telegram_id, attempted_at) VALUES (\(telegramId), \(now))
                """)
            try transaction.executeDeferred("""
                DELETE FROM invite_attempts WHERE attempted_at < \(now.addingTimeInterval(-86_400))
                """)
        }
        return verdict
    }

    private func codeVerdict(_ text: String, telegramId: Int64, now: Date, lock: Bool,
                             in transaction: DatabaseTransaction) async throws -> Verdict
    {
        guard let code = InviteCode(reading: text) else { return .refused(.unknown, counts: true) }
        let lockClause: SQL = lock ? "FOR UPDATE" : ""
        guard let invite = try await transaction.queryFirst("""
            SELECT role, expires_at, redeemed_by FROM invite_codes WHERE code_hash = \(code.hash) \(lockClause)
            """)
        else { return .refused(.unknown, counts: true) }
        if try invite.decode("redeemed_by", as: Int64?.self) != nil { return .refused(.used, counts: true) }
        if try invite.decode("expires_at", as: Date.self) <= now { return .refused(.expired, counts: true) }
        let role = AccountRole(rawValue: try invite.decode("role")) ?? .realtor
        let current = try await transaction.queryFirst("""
            SELECT role FROM accounts WHERE telegram_id = \(telegramId) \(lockClause)
            """).flatMap { AccountRole(rawValue: try $0.decode("role")) } ?? .guest
        if current == role || current == .superadmin { return .refused(.alreadyHasRole, counts: false) }
        return .accepted(code, role, previous: current)
    }

    // MARK: Operators

    /// What ``grantSuperadmin(_:now:)`` did.
    public struct SuperadminGrant: Sendable, Equatable {
        public var login: String
        /// Only when a web login was created now (shown once; only its bcrypt hash is stored).
        public var password: String?
    }

    /// Makes `telegramId` a superadmin (an operator's command) and gives them a web login with a generated password
    /// unless they have one.
    public func grantSuperadmin(_ telegramId: Int64, now: Date = Date()) async throws -> SuperadminGrant {
        let login = "superadmin-\(telegramId)"
        return try await database.withTransaction { transaction in
            let existing = try await transaction.queryFirst("""
                SELECT role, login FROM accounts WHERE telegram_id = \(telegramId) FOR UPDATE
                """)
            let previous = try existing.flatMap { AccountRole(rawValue: try $0.decode("role")) } ?? .guest
            let existingLogin = try existing?.decode("login", as: String?.self)
            // Only a new login needs a password (bcrypt at cost 12 takes a noticeable fraction of a second).
            let password = existingLogin == nil ? try Self.generatePassword() : nil
            let hash = password.map { Bcrypt.hash($0, cost: 12) }
            try await transaction.execute("""
                INSERT INTO accounts (telegram_id, role, login, password_hash)
                VALUES (\(telegramId), 'superadmin', \(login), \(hash))
                ON CONFLICT (telegram_id) DO UPDATE
                    SET role = 'superadmin', login = coalesce(accounts.login, EXCLUDED.login),
                        password_hash = coalesce(accounts.password_hash, EXCLUDED.password_hash), updated_at = now()
                """)
            if previous != .superadmin {
                try await audit(telegramId, from: previous, to: .superadmin, by: nil, reason: "ops", now: now,
                                in: transaction)
            }
            return SuperadminGrant(login: existingLogin ?? login, password: password)
        }
    }

    /// Takes the realtor role back (the person is a guest again). False when they were not a realtor.
    @discardableResult
    public func revokeRealtor(_ telegramId: Int64, by: Int64?, now: Date = Date()) async throws -> Bool {
        try await database.withTransaction { transaction in
            let changed = try await transaction.execute("""
                UPDATE accounts SET role = 'guest', updated_at = now()
                WHERE telegram_id = \(telegramId) AND role = 'realtor'
                """)
            guard changed == 1 else { return false }
            try await audit(telegramId, from: .realtor, to: .guest, by: by, reason: "revoked", now: now,
                            in: transaction)
            return true
        }
    }

    private func audit(_ telegramId: Int64, from previous: AccountRole, to role: AccountRole, by: Int64?,
                       reason: String, now: Date, in transaction: DatabaseTransaction) async throws
    {
        try transaction.executeDeferred("""
            INSERT INTO role_audit (telegram_id, previous_role, role, changed_by, reason, occurred_at)
            VALUES (\(telegramId), \(previous.rawValue), \(role.rawValue), \(by), \(reason), \(now))
            """)
        _ = try await outbox.publish(AccountRoleChanged(telegramId: telegramId, previousRole: previous, role: role,
                                                        changedBy: by, reason: reason, occurredAt: now),
                                     in: transaction)
    }

    /// `+` and 11–15 digits.
    static func isPhone(_ text: String) -> Bool {
        guard text.first == "+" else { return false }
        let digits = text.dropFirst()
        return (11...15).contains(digits.count) && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// 20 characters of an unambiguous alphabet (~115 bits).
    static func generatePassword() throws -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String(try SecureRandom.bytes(20).map { alphabet[Int($0) % alphabet.count] })
    }
}
