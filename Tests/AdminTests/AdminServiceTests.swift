import Contracts
import Foundation
import Messaging
import TestSupport
import Testing

/// The real `admin` executable and the operators' commands (`zhilyego-ops invite realtor`, `superadmin add`), as
/// `./zg invite realtor` and `./zg superadmin add` run them.
@Suite struct AdminServiceTests {
    /// Runs `zhilyego-ops ARGS` as the admin role of `platform` and returns its output's last line.
    static func ops(_ platform: PlatformHarness, _ arguments: [String]) async throws -> String {
        let process = try ServiceProcess(name: "zhilyego-ops", port: 0, environment: [
            "DATABASE_URL": platform.databaseURLs[.admin] ?? "", "ZHILYEGO_ENV": "test", "LOG_LEVEL": "warning",
        ], arguments: arguments)
        let status = await process.waitForExit(deadline: .seconds(120))
        try #require(status == 0, "zhilyego-ops \(arguments.joined(separator: " ")) failed: \(process.log)")
        return process.log.split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
    }

    @Test func anOperatorsInviteCodeMakesARealtorThroughTheAdminService() async throws {
        try await PlatformHarness.with { platform in
            let code = try await Self.ops(platform, ["invite", "realtor"])
            #expect(code.count == 9 && code.dropFirst(4).first == "-", "last line: \(code)")

            let admin = try await platform.start(.admin)
            let client = MessageBus(configuration: try BusConfiguration(url: platform.broker.amqpURL, service: .gateway),
                                    logger: testLogger)
            var checked: InviteRedemption?
            try await waitUntil("the admin service answers", deadline: .seconds(60), diagnostics: { admin.log }) {
                checked = try? await client.request(Envelope(CheckInvite(code: code, telegramId: 8801),
                                                             producer: .gateway), timeout: .seconds(3)).payload
                return checked != nil
            }
            #expect(checked?.outcome == .accepted)
            let redeemed = try await client.request(Envelope(RedeemInvite(code: code, telegramId: 8801,
                                                                          displayName: "Данияр",
                                                                          phone: "+77057654321"),
                                                             producer: .gateway)).payload
            #expect(redeemed == InviteRedemption(outcome: .accepted, role: .realtor))
            let account = try await client.request(Envelope(GetAccount(telegramId: 8801), producer: .gateway)).payload
            #expect(account.role == .realtor && account.displayName == "Данияр")
            // A non-superadmin cannot create codes over the bus.
            await #expect(throws: RPCError.self) {
                try await client.request(Envelope(CreateInvite(role: .realtor, createdBy: 8801), producer: .gateway))
            }
            await client.shutdown()
            #expect(await admin.terminate() == 0)
        }
    }

    @Test func superadminAddPrintsTheLoginAndAPasswordOnlyWhenItIsNew() async throws {
        try await PlatformHarness.with { platform in
            let first = try await Self.ops(platform, ["superadmin", "add", "--telegram-id", "8802"])
            let parts = first.split(separator: " ")
            #expect(parts.count == 4 && parts[0] == "login:" && parts[1] == "superadmin-8802" && parts[2] == "password:",
                    "last line: \(first)")
            #expect(parts.last.map { $0.count == 20 } == true)
            let again = try await Self.ops(platform, ["superadmin", "add", "--telegram-id", "8802"])
            #expect(again == "login: superadmin-8802 (password unchanged)")
        }
    }
}
