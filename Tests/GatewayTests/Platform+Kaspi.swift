import Contracts
import Database
import Foundation
import HTTPClient
import Logging
import Messaging
import Testing
import TestSupport

/// The API key, BIN and device token payments and the Kaspi sandbox share in these tests (the sandbox's defaults).
enum JourneyKaspi {
    static let apiKey = "sandbox-kaspi-key"
    static let bin = "123456789012"
    static let deviceToken = "2be4cc91-5895-48f8-8bc2-86c7bd419b3b"
    /// The only address payments' Kaspi listener accepts in these tests; the sandbox calls from it by default.
    static let allowedSource = "127.0.0.2"
}

/// Per-platform settings of ``withPlatform(_:_:)``.
struct JourneyOptions: Sendable {
    var booking: [String: String] = [:]
    var payments: [String: String] = [:]
    var kaspiSandbox: [String: String] = [:]
    var notifier: [String: String] = [:]
}

/// The whole platform for one test: Telegram sandbox (in-process), the Kaspi sandbox process and every service.
struct Journey: Sendable {
    let bot: Bot
    let kaspi: KaspiSandboxControl
    let services: RunningServices
    var platform: PlatformHarness { bot.platform }
}

/// The service processes of a ``Journey``; a service can be killed and restarted with the same settings.
final class RunningServices: @unchecked Sendable {
    // @unchecked: `processes` and `overrides` are only touched under `lock`.
    private let lock = NSLock()
    private var processes: [String: ServiceProcess] = [:]
    private var overrides: [ServiceName: [String: String]] = [:]
    private var order: [String] = []
    let platform: PlatformHarness

    init(platform: PlatformHarness) { self.platform = platform }

    @discardableResult
    func start(_ service: ServiceName, overrides extra: [String: String] = [:]) async throws -> ServiceProcess {
        let merged = lock.withLock { () -> [String: String] in
            var settings = overrides[service] ?? [:]
            settings.merge(extra) { _, new in new }
            overrides[service] = settings
            return settings
        }
        let process = try await platform.start(service, overrides: merged)
        adopt(process)
        return process
    }

    func adopt(_ process: ServiceProcess) {
        lock.withLock {
            if processes[process.name] == nil { order.append(process.name) }
            processes[process.name] = process
        }
    }

    func process(_ service: ServiceName) -> ServiceProcess? { lock.withLock { processes[service.rawValue] } }

    /// SIGKILL, as a crash: nothing gets to finish.
    func kill(_ service: ServiceName) async {
        guard let process = process(service) else { return }
        _ = await process.waitForExit(deadline: .zero)
    }

    /// Stops `service` gracefully (SIGTERM) and starts it again with its settings plus `extra`.
    @discardableResult
    func restart(_ service: ServiceName, overrides extra: [String: String] = [:]) async throws -> ServiceProcess {
        if let process = process(service) { await process.terminate() }
        return try await start(service, overrides: extra)
    }

    /// The tail of every process's log, for a failing test's report.
    func logs(limit: Int = 2500) -> String {
        let all = lock.withLock { order.compactMap { name in processes[name].map { (name, $0) } } }
        return all.map { name, process in "── \(name) ──\n\(process.log.suffix(limit))" }.joined(separator: "\n")
    }

    func stopAll() async {
        let all = lock.withLock { order.reversed().compactMap { processes[$0] } }
        for process in all { await process.terminate() }
    }
}

/// The Kaspi sandbox's control API (docs/kaspi-sandbox.md) over HTTP.
struct KaspiSandboxControl: Sendable {
    let baseURL: String
    let client: HTTPClient

    /// The `result` of a control call; throws with the sandbox's error when it answers `ok: false`.
    func call(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> Any {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let request = HTTPRequest(method: method == "GET" ? .get : .post, url: baseURL + path,
                                  body: data.map { .data($0, contentType: "application/json") } ?? .none,
                                  timeout: .seconds(180))
        let response = try await client.send(request)
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        guard object?["ok"] as? Bool == true else {
            throw TimedOut(what: "Kaspi sandbox \(method) \(path) ok", diagnostics: response.text)
        }
        return object?["result"] ?? [:]
    }

    /// Plays Kaspi paying `account` (check, then pay) as `POST /sandbox/account-payments` does.
    func payByAccount(_ account: String, sum: String, mode: String = "normal", txnId: String? = nil,
                      sourceAddress: String? = nil, skipCheck: Bool = false) async throws -> [String: Any]
    {
        var body: [String: Any] = ["account": account, "sum": sum, "mode": mode, "skip_check": skipCheck]
        if let txnId { body["txn_id"] = txnId }
        if let sourceAddress { body["source_address"] = sourceAddress }
        return try await call("POST", "/sandbox/account-payments", body) as? [String: Any] ?? [:]
    }

    /// Payments addressed to `phone`, newest first.
    func invoices(phone: String) async throws -> [[String: Any]] {
        try await call("GET", "/sandbox/invoices?phone=\(phone)") as? [[String: Any]] ?? []
    }

    /// The payer opens and confirms payment `id`.
    func pay(paymentId id: String) async throws {
        _ = try await call("POST", "/sandbox/payments/\(id)/pay")
    }

    func exchanges(txnId: String) async throws -> [[String: Any]] {
        try await call("GET", "/sandbox/account-exchanges?txn_id=\(txnId)") as? [[String: Any]] ?? []
    }
}

/// Starts the whole platform — the Telegram sandbox in-process (flood limits off), the demo catalog, catalog,
/// booking, payments (pay-by-account listener on a free port, allow-listing only 127.0.0.2, the partner API at
/// the Kaspi sandbox), notifier, gateway and the `kaspi-sandbox` process (calling payments from 127.0.0.2) — and
/// runs `body`. Every process is stopped afterwards; on failure their logs are attached to the test.
func withPlatform(_ options: JourneyOptions = JourneyOptions(),
                  _ body: @Sendable (Journey) async throws -> Void) async throws
{
    try await withTelegramSandbox(clientTimeout: .seconds(60)) { telegramURL, client in
        try await PlatformHarness.with { platform in
            let services = RunningServices(platform: platform)
            do {
                let journey = try await startPlatform(platform, services: services, options: options,
                                                      telegramURL: telegramURL, client: client)
                try await body(journey)
            } catch {
                Issue.record("platform logs:\n\(services.logs())")
                await services.stopAll()
                throw error
            }
            await services.stopAll()
        }
    }
}

private func startPlatform(_ platform: PlatformHarness, services: RunningServices, options: JourneyOptions,
                           telegramURL: String, client: HTTPClient) async throws -> Journey
{
    let kaspiPort = try ServiceProcess.freePort()
    let listenerPort = try ServiceProcess.freePort()

    var kaspiEnvironment = [
        "ZHILYEGO_ENV": "test", "LOG_LEVEL": "info",
        "KASPI_SANDBOX_HOST": "127.0.0.1", "KASPI_SANDBOX_PORT": "\(kaspiPort)",
        "KASPI_SANDBOX_API_KEY": JourneyKaspi.apiKey, "KASPI_SANDBOX_ORGANIZATION_BIN": JourneyKaspi.bin,
        "KASPI_SANDBOX_DEVICE_TOKEN": JourneyKaspi.deviceToken, "KASPI_SANDBOX_TRADE_POINT_ID": "1",
        "KASPI_MERCHANT_ACCOUNT_URL": "http://127.0.0.1:\(listenerPort)/kaspi/pay-by-account",
        "KASPI_SANDBOX_SOURCE_ADDRESS": JourneyKaspi.allowedSource,
    ]
    kaspiEnvironment.merge(options.kaspiSandbox) { _, new in new }
    let kaspiProcess = try ServiceProcess(name: "kaspi-sandbox", port: kaspiPort, environment: kaspiEnvironment)
    services.adopt(kaspiProcess)
    let kaspi = KaspiSandboxControl(baseURL: "http://127.0.0.1:\(kaspiPort)", client: client)
    try await waitUntil("kaspi-sandbox answers /sandbox/config", deadline: .seconds(60),
                        diagnostics: { kaspiProcess.log }) {
        guard kaspiProcess.isRunning else {
            throw TimedOut(what: "kaspi-sandbox to keep running", diagnostics: kaspiProcess.log)
        }
        return (try? await HTTPProbe.get("http://127.0.0.1:\(kaspiPort)/sandbox/config"))?.status == 200
    }

    try await services.start(.catalog)
    // The notifier first: it keeps the realtors' phones from the demo catalog's apartment events.
    let telegram = ["TELEGRAM_API_URL": telegramURL, "TELEGRAM_BOT_TOKEN": "123456:sandbox-token"]
    try await services.start(.notifier, overrides: telegram.merging(options.notifier) { _, new in new })
    try await loadDemoCatalog(platform)
    try await services.start(.booking, overrides: options.booking)
    var payments = [
        "KASPI_HTTP_HOST": "127.0.0.1", "KASPI_HTTP_PORT": "\(listenerPort)",
        "KASPI_ALLOWED_SOURCES": "\(JourneyKaspi.allowedSource)/32",
        "KASPI_API_URL": "http://127.0.0.1:\(kaspiPort)/r3/v01", "KASPI_API_KEY": JourneyKaspi.apiKey,
        "KASPI_ORGANIZATION_BIN": JourneyKaspi.bin, "KASPI_DEVICE_TOKEN": JourneyKaspi.deviceToken,
        "KASPI_TRADE_POINT_ID": "1", "KASPI_POLL_INTERVAL": "200ms",
    ]
    payments.merge(options.payments) { _, new in new }
    try await services.start(.payments, overrides: payments)
    try await services.start(.gateway, overrides: telegram.merging(["TELEGRAM_POLL_TIMEOUT": "5"]) { _, new in new })
    return Journey(bot: Bot(baseURL: telegramURL, client: client, platform: platform), kaspi: kaspi,
                   services: services)
}

// MARK: Asking the platform directly

extension Journey {
    /// A bus on the test's vhost (as the admin panel would use) for looking at booking's and catalog's view.
    func withBus<T: Sendable>(_ body: (MessageBus) async throws -> T) async throws -> T {
        var logger = Logger(label: "gateway-tests.bus")
        logger.logLevel = .critical
        let bus = MessageBus(configuration: try BusConfiguration(url: platform.broker.amqpURL, service: .admin,
                                                                 rpcTimeout: .seconds(30)), logger: logger)
        do {
            let result = try await body(bus)
            await bus.shutdown()
            return result
        } catch {
            await bus.shutdown()
            throw error
        }
    }

    func booking(_ id: UUID) async throws -> BookingSummary {
        try await withBus { bus in
            let lookup = try await bus.request(Envelope(GetBooking(bookingId: id), producer: .admin)).payload
            return try #require(lookup.booking, "booking \(id) exists")
        }
    }

    /// The guest's only current booking.
    func currentBooking(guest: Int) async throws -> BookingSummary {
        try await withBus { bus in
            let page = try await bus.request(Envelope(ListGuestBookings(guestId: Int64(guest), scope: .current,
                                                                        offset: 0, limit: 10),
                                                      producer: .admin)).payload
            #expect(page.total == 1, "one current booking of guest \(guest)")
            return try #require(page.bookings.first)
        }
    }

    /// The apartment's access details as the superadmin sees them (audited as superadmin, without a booking).
    func accessDetails(_ apartmentId: UUID) async throws -> ApartmentAccessDetails {
        try await withBus { bus in
            try await bus.request(Envelope(RevealApartmentAccess(
                apartmentId: apartmentId, requester: AccessRequester(role: .superadmin, userId: 1),
                purpose: .adminView, channel: .webAdmin), producer: .admin)).payload
        }
    }

    /// `SELECT count(*)` through the test admin pool.
    func count(_ sql: SQL) async throws -> Int {
        let rows = try await platform.database.adminPool.query(sql)
        return try rows.first?.decode("n", as: Int.self) ?? 0
    }
}

// MARK: The guest's chat

extension ChatDriver {
    /// Every message the bot sent to this chat, oldest first.
    func botMessages() async throws -> [SandboxMessage] {
        let all = try await bot.controlValue("GET", "/sandbox/chats/\(userId)/messages?from=bot") as? [[String: Any]]
        return (all ?? []).map(SandboxMessage.init(json:))
    }

    /// Waits for a bot message whose text matches `predicate` and returns it.
    func waitForMessage(_ what: String, deadline: Duration = .seconds(90),
                        where predicate: @escaping @Sendable (String) -> Bool) async throws -> SandboxMessage
    {
        try await waitUntil("«\(what)» in chat \(userId)", deadline: deadline) {
            try await botMessages().contains { predicate($0.text ?? "") }
        }
        return try #require(try await botMessages().first { predicate($0.text ?? "") })
    }

    /// How many bot messages match `predicate`.
    func countMessages(where predicate: (String) -> Bool) async throws -> Int {
        try await botMessages().filter { predicate($0.text ?? "") }.count
    }
}
