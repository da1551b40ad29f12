import Admin
import ArgumentParser
import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// `zhilyego-ops invite realtor`: a fresh single-use invite code (valid 7 days), printed as the last line.
/// Reads DATABASE_URL (the admin service's own role, `zhilyego_admin`).
struct InviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite",
        abstract: "Create a single-use invite code; it is printed as the last line.")

    @Argument(help: "The role the code grants: realtor.")
    var role: String

    func run() async throws {
        guard let role = AccountRole(rawValue: role), role == .realtor else {
            throw ValidationError("invite codes grant the realtor role only: zhilyego-ops invite realtor")
        }
        ProcessBootstrap.bootstrap()
        let logger = Logger(label: "ops.invite")
        let invite = try await withAdminAccounts(logger: logger) { accounts in
            try await accounts.createInvite(role: role, createdBy: nil)
        }
        logger.info("invite code created", metadata: ["role": "\(invite.role.rawValue)",
                                                      "expires_at": "\(invite.expiresAt)"])
        print("Invite code for a \(invite.role.rawValue), single use, valid until \(invite.expiresAt) (UTC).")
        print(invite.code)
    }
}

/// `zhilyego-ops superadmin add --telegram-id ID`: makes that Telegram user a superadmin; prints the web panel's
/// login and, when it was created now, a generated password as the last line (shown once, stored as bcrypt).
struct SuperadminCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "superadmin",
        abstract: "Manage superadmins.",
        subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a Telegram user a superadmin; prints the web login (and a new password) last.")

        @Option(name: .customLong("telegram-id"), help: "The person's Telegram user id.")
        var telegramId: Int64

        func validate() throws {
            guard telegramId > 0 else { throw ValidationError("--telegram-id must be a Telegram user id (> 0)") }
        }

        func run() async throws {
            ProcessBootstrap.bootstrap()
            let logger = Logger(label: "ops.superadmin")
            let grant = try await withAdminAccounts(logger: logger) { accounts in
                try await accounts.grantSuperadmin(telegramId)
            }
            logger.info("superadmin granted", metadata: ["telegram.id": "\(telegramId)"])
            print("Telegram user \(telegramId) is a superadmin.")
            if let password = grant.password {
                print("Web panel login (the password is shown only now):")
                print("login: \(grant.login) password: \(password)")
            } else {
                print("login: \(grant.login) (password unchanged)")
            }
        }
    }
}

/// The admin schema (migrated) over DATABASE_URL, with an outbox the running admin service relays.
private func withAdminAccounts<T: Sendable>(logger: Logger, _ body: (Accounts) async throws -> T) async throws -> T {
    let reader = ConfigReader()
    var configuration = DatabaseConfiguration(url: try reader.url("DATABASE_URL", schemes: ["postgres", "postgresql"]))
    configuration.poolSize = 1
    configuration.applicationName = "zhilyego-ops"
    configuration.searchPath = AdminApp.service.rawValue
    let pool = DatabasePool(configuration: configuration, logger: logger)
    do {
        try await AdminApp.migrate(pool, logger: logger)
        let result = try await body(Accounts(database: pool, outbox: Outbox(producer: .admin, signal: OutboxSignal())))
        await pool.shutdown()
        return result
    } catch {
        await pool.shutdown()
        throw error
    }
}
