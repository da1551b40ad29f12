import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// The admin service: accounts, roles and invite codes (docs/accounts.md), answered to the other services over RPC;
/// the web panel's pages arrive with their issue.
public enum AdminApp: ServiceDefinition {
    public static let service: ServiceName = .admin
    public static let defaultPort = 8080

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        ServiceParts(subscriptions: subscriptions(Accounts(database: foundation.database, outbox: foundation.outbox)))
    }

    /// Every message the admin service handles, in one place.
    public static func subscriptions(_ accounts: Accounts) -> Subscriptions {
        Subscriptions { s in
            s.onRequest(GetAccount.self) { envelope, _ in try await accounts.account(envelope.payload.telegramId) }
            s.onRequest(CheckInvite.self) { envelope, _ in
                try await accounts.check(envelope.payload.code, telegramId: envelope.payload.telegramId)
            }
            s.onRequest(RedeemInvite.self) { envelope, _ in try await accounts.redeem(envelope.payload) }
            s.onRequest(CreateInvite.self) { envelope, _ in
                try await accounts.createInvite(role: envelope.payload.role, createdBy: envelope.payload.createdBy)
            }
        }
    }

    /// Applies the admin schema's migrations like the service does at start, for tools and tests.
    public static func migrate(_ pool: DatabasePool, logger: Logger) async throws {
        let migrator = Migrator(pool: pool, schema: service.rawValue, logger: logger)
        try await migrator.migrate(MessagingMigrations.all, component: "messaging")
        try await migrator.migrate(try migrations(), component: "service")
    }
}
