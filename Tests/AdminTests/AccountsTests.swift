@testable import Admin
import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime
import TestSupport
import Testing

let testLogger: Logger = {
    var logger = Logger(label: "admin.tests")
    logger.logLevel = .warning
    return logger
}()

/// A migrated admin schema on a fresh test database, reached through the admin service's own role.
func withAccounts(_ settings: Accounts.Settings = Accounts.Settings(),
                  _ body: (Accounts, DatabasePool) async throws -> Void) async throws
{
    try await withTestDatabase { database in
        let pool = try await database.makeServicePool(schema: "admin", poolSize: 2)
        try await AdminApp.migrate(pool, logger: testLogger)
        try await body(Accounts(database: pool, outbox: Outbox(producer: .admin, signal: OutboxSignal()),
                                settings: settings), pool)
    }
}

@Suite struct InviteCodeTests {
    @Test(arguments: [
        ("7K3P-9QXM", "7K3P9QXM"), ("7k3p9qxm", "7K3P9QXM"), (" 7K3P 9QXM ", "7K3P9QXM"), ("7K3P_9QXM", "7K3P9QXM"),
        ("OOOO-IIII", "00001111"), ("llll-oooo", "11110000"),
    ])
    func readsWhatPeopleTypeAndDeepLinksCarry(text: String, canonical: String) {
        #expect(InviteCode(reading: text)?.canonical == canonical)
    }

    @Test(arguments: ["", "7K3P-9QX", "7K3P-9QXMM", "7K3P-9QXU", "привет!!", "7K3P-9QX#"])
    func refusesWhatCannotBeACode(text: String) {
        #expect(InviteCode(reading: text) == nil)
    }

    @Test func generatedCodesReadBackAndDiffer() throws {
        let codes = try (0..<50).map { _ in try InviteCode.generate() }
        #expect(Set(codes.map(\.canonical)).count == 50)
        for code in codes {
            #expect(InviteCode(reading: code.description) == code)
            #expect(code.description.count == 9 && code.description.dropFirst(4).first == "-")
        }
    }
}

@Suite struct AccountsTests {
    static func redeem(_ accounts: Accounts, _ code: String, by user: Int64, now: Date = Date()) async throws
        -> InviteRedemption
    {
        try await accounts.redeem(RedeemInvite(code: code, telegramId: user, displayName: "Айгерим",
                                               phone: "+77011234567"), now: now)
    }

    @Test func anInviteTurnsAGuestIntoARealtorOnceAuditedAndPublished() async throws {
        try await withAccounts { accounts, pool in
            #expect(try await accounts.account(700).role == .guest)
            let invite = try await accounts.createInvite(role: .realtor, createdBy: nil)
            #expect(try await accounts.check(invite.code, telegramId: 700).outcome == .accepted)
            #expect(try await Self.redeem(accounts, invite.code.lowercased(), by: 700).outcome == .accepted)
            let account = try await accounts.account(700)
            #expect(account == AccountLookup(telegramId: 700, role: .realtor, displayName: "Айгерим",
                                             phone: "+77011234567"))
            // Single use, for anyone.
            #expect(try await Self.redeem(accounts, invite.code, by: 701).outcome == .used)
            #expect(try await accounts.account(701).role == .guest)
            // Audited and published.
            let audit = try await pool.query("SELECT previous_role, role, changed_by, reason FROM role_audit")
            #expect(audit.count == 1)
            #expect(try audit.first?.decode("reason", as: String.self) == "invite")
            let events = try await pool.query("SELECT message_type FROM outbox")
            #expect(try events.map { try $0.decode("message_type", as: String.self) } == ["admin.account.role-changed.v1"])
            // The code itself is never stored.
            let stored = try await pool.query("SELECT code_hash FROM invite_codes")
            #expect(try stored.allSatisfy { !(try $0.decode("code_hash", as: String.self)).contains(invite.code) })
        }
    }

    @Test func expiredUnknownAndAlreadyGrantedCodesAreRefusedWithoutChanges() async throws {
        try await withAccounts { accounts, _ in
            let now = Date()
            let old = try await accounts.createInvite(role: .realtor, createdBy: nil,
                                                      now: now.addingTimeInterval(-8 * 86_400))
            #expect(try await Self.redeem(accounts, old.code, by: 710, now: now).outcome == .expired)
            #expect(try await Self.redeem(accounts, "ZZZZ-ZZZZ", by: 710, now: now).outcome == .unknown)
            #expect(try await Self.redeem(accounts, "not a code", by: 710, now: now).outcome == .unknown)
            let first = try await accounts.createInvite(role: .realtor, createdBy: nil)
            let second = try await accounts.createInvite(role: .realtor, createdBy: nil)
            #expect(try await Self.redeem(accounts, first.code, by: 711).outcome == .accepted)
            #expect(try await Self.redeem(accounts, second.code, by: 711).outcome == .alreadyHasRole)
            // The second code stays usable by someone else.
            #expect(try await Self.redeem(accounts, second.code, by: 712).outcome == .accepted)
        }
    }

    @Test func guessingIsThrottledPerUser() async throws {
        var settings = Accounts.Settings()
        settings.maxFailedAttempts = 3
        try await withAccounts(settings) { accounts, _ in
            let invite = try await accounts.createInvite(role: .realtor, createdBy: nil)
            for guess in ["AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC"] {
                #expect(try await accounts.check(guess, telegramId: 720).outcome == .unknown)
            }
            // Even the right code waits now…
            #expect(try await Self.redeem(accounts, invite.code, by: 720).outcome == .throttled)
            #expect(try await accounts.account(720).role == .guest)
            // …but only for the guesser, and not after the window.
            #expect(try await accounts.check(invite.code, telegramId: 721).outcome == .accepted)
            #expect(try await Self.redeem(accounts, invite.code, by: 720, now: Date().addingTimeInterval(16 * 60))
                .outcome == .accepted)
        }
    }

    @Test func badNamesAndPhonesAreRefused() async throws {
        try await withAccounts { accounts, _ in
            let invite = try await accounts.createInvite(role: .realtor, createdBy: nil)
            for (name, phone) in [("", "+77011234567"), (String(repeating: "я", count: 65), "+77011234567"),
                                  ("Айгерим", "87011234567"), ("Айгерим", "+7701"), ("Айгерим", "+7701123456x")] {
                await #expect(throws: AccountError.self) {
                    try await accounts.redeem(RedeemInvite(code: invite.code, telegramId: 730, displayName: name,
                                                           phone: phone))
                }
            }
            #expect(try await accounts.check(invite.code, telegramId: 730).outcome == .accepted)
        }
    }

    @Test func onlySuperadminsCreateInvitesAndTheirWebLoginIsMadeOnce() async throws {
        try await withAccounts { accounts, pool in
            await #expect(throws: AccountError.forbidden("only a superadmin creates invite codes")) {
                try await accounts.createInvite(role: .realtor, createdBy: 740)
            }
            let grant = try await accounts.grantSuperadmin(740)
            #expect(grant.login == "superadmin-740")
            let password = try #require(grant.password)
            #expect(password.count == 20)
            let hash = try #require(try await pool.queryFirst(
                "SELECT password_hash FROM accounts WHERE telegram_id = 740")?.decode("password_hash", as: String.self))
            #expect(hash.hasPrefix("$2") && !hash.contains(password))
            #expect(try await accounts.createInvite(role: .realtor, createdBy: 740).code.count == 9)
            // Again: still a superadmin, the login and password stay.
            #expect(try await accounts.grantSuperadmin(740) == Accounts.SuperadminGrant(login: "superadmin-740",
                                                                                          password: nil))
            #expect(try await pool.queryFirst("SELECT count(*) AS n FROM role_audit")?.decode("n", as: Int.self) == 1)
            // A superadmin redeeming a realtor code changes nothing.
            let invite = try await accounts.createInvite(role: .realtor, createdBy: 740)
            #expect(try await Self.redeem(accounts, invite.code, by: 740).outcome == .alreadyHasRole)
            #expect(try await accounts.account(740).role == .superadmin)
        }
    }

    @Test func aRevokedRealtorIsAGuestAgain() async throws {
        try await withAccounts { accounts, _ in
            let invite = try await accounts.createInvite(role: .realtor, createdBy: nil)
            _ = try await Self.redeem(accounts, invite.code, by: 750)
            #expect(try await accounts.revokeRealtor(750, by: nil))
            #expect(try await accounts.account(750).role == .guest)
            #expect(try await !accounts.revokeRealtor(750, by: nil))
        }
    }
}
