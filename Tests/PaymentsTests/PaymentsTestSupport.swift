import Contracts
import Database
import Foundation
import HTTPTypes
import Logging
import Messaging
@testable import Payments
import ServiceRuntime
import TestSupport
import Testing

let testLogger: Logger = {
    var logger = Logger(label: "payments.tests")
    logger.logLevel = .warning
    return logger
}()

/// A decoded pay-by-account answer plus its exact bytes and HTTP status.
struct KaspiAnswer: Sendable, Equatable {
    var txnId: String
    var prvTxn: String
    var sum: String
    var result: Int
    var comment: String
    var raw: Data
    var status: Int

    init(_ raw: Data, status: Int = 200) throws {
        struct Wire: Decodable {
            var txn_id: String
            var prv_txn: String
            var sum: String
            var result: Int
            var comment: String
        }
        let wire = try JSONDecoder().decode(Wire.self, from: raw)
        txnId = wire.txn_id
        prvTxn = wire.prv_txn
        sum = wire.sum
        result = wire.result
        comment = wire.comment
        self.raw = raw
        self.status = status
    }
}

/// A migrated payments schema on a fresh database, a bus in a fresh vhost, and the booking double answering on it.
struct PaymentsFixture: Sendable {
    let database: TestDatabase
    let pool: DatabasePool
    let bus: MessageBus
    let booking: BookingServiceDouble
    let outbox = Outbox(producer: .payments, signal: OutboxSignal())

    static let loopback = IPAddress("127.0.0.1")!
    static let policy = SourceAddressPolicy(allowed: AddressList(parsing: "127.0.0.1/32")!,
                                            trustedProxies: AddressList([]))

    func payByAccount(lease: Duration = .seconds(30), gateway: (any BookingGateway)? = nil) -> PayByAccountService {
        PayByAccountService(database: pool, outbox: outbox, booking: gateway ?? BusBookingGateway(bus: bus),
                            clock: .system, lease: lease, logger: testLogger)
    }

    func endpoint(lease: Duration = .seconds(30), gateway: (any BookingGateway)? = nil,
                  policy: SourceAddressPolicy = PaymentsFixture.policy) -> PayByAccountEndpoint
    {
        PayByAccountEndpoint(service: payByAccount(lease: lease, gateway: gateway), policy: policy,
                             log: PaymentLogRepository(database: pool, logger: testLogger), logger: testLogger)
    }

    /// Kaspi's `txn_date` for now.
    static var txnDate: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = BusinessClock.zone
        formatter.dateFormat = "yyyyMMddHHmmss"
        return formatter.string(from: Date())
    }

    static func newTxnId() -> String { String(UInt64.random(in: 1_000_000_000...9_999_999_999)) }

    /// Calls the endpoint as Kaspi would from `peer` (no HTTP).
    func call(_ parameters: [String: String], endpoint: PayByAccountEndpoint? = nil,
              peer: IPAddress? = PaymentsFixture.loopback, forwardedFor: [String] = []) async throws -> KaspiAnswer
    {
        let endpoint = endpoint ?? self.endpoint()
        let (status, body) = await endpoint.answer(parameters: parameters, peer: peer, forwardedFor: forwardedFor)
        return try KaspiAnswer(body, status: Int(status.code))
    }

    func check(_ account: String, txnId: String = newTxnId(), sum: String? = nil) async throws -> KaspiAnswer {
        var parameters = ["command": "check", "txn_id": txnId, "account": account]
        parameters["sum"] = sum
        return try await call(parameters)
    }

    func pay(_ account: String, txnId: String, sum: String, date: String = txnDate,
             endpoint: PayByAccountEndpoint? = nil) async throws -> KaspiAnswer
    {
        try await call(["command": "pay", "txn_id": txnId, "account": account, "sum": sum, "txn_date": date],
                       endpoint: endpoint)
    }

    /// Outbox rows of one type, decoded.
    func published<E: Event>(_: E.Type) async throws -> [E] {
        try await pool.query("""
            SELECT body FROM outbox WHERE message_type = \(E.messageType.rawValue) ORDER BY id
            """).map { row in
            try RawEnvelope(body: try row.decode("body", as: Data.self)).decode(E.self).payload
        }
    }

    func count(_ table: String) async throws -> Int {
        try await pool.queryFirst("SELECT count(*) AS n FROM \(identifier: table)")?.decode("n") ?? -1
    }
}

func withPaymentsFixture<T: Sendable>(_ body: (PaymentsFixture) async throws -> T) async throws -> T {
    try await withTestDatabase { database in
        let pool = try await database.makeServicePool(schema: "payments", poolSize: 6)
        let migrator = Migrator(pool: pool, schema: "payments", logger: testLogger)
        try await migrator.migrate(MessagingMigrations.all, component: "messaging")
        try await migrator.migrate(try PaymentsApp.migrations(), component: "service")
        return try await withTestVirtualHost { broker in
            let booking = BookingServiceDouble()
            let bookingBus = MessageBus(configuration: try BusConfiguration(url: broker.amqpURL, service: .booking,
                                                                             retryDelays: [.milliseconds(100)]),
                                        subscriptions: booking.subscriptions(), logger: testLogger)
            let bus = MessageBus(configuration: try BusConfiguration(url: broker.amqpURL, service: .payments,
                                                                      retryDelays: [.milliseconds(100)],
                                                                      rpcTimeout: .seconds(10)),
                                 logger: testLogger)
            return try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await bookingBus.run() }
                do {
                    try await waitUntil("the booking double is connected") { bookingBus.isConnected }
                    let result = try await body(PaymentsFixture(database: database, pool: pool, bus: bus,
                                                                booking: booking))
                    await bus.shutdown()
                    group.cancelAll()
                    try await group.waitForAll()
                    return result
                } catch {
                    await bus.shutdown()
                    group.cancelAll()
                    try? await group.waitForAll()
                    throw error
                }
            }
        }
    }
}
