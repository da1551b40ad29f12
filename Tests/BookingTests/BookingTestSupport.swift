@testable import Booking
import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime
import TestSupport
import Testing

let testLogger: Logger = {
    var logger = Logger(label: "booking.tests")
    logger.logLevel = .warning
    return logger
}()

/// A clock the test moves by hand. `@unchecked Sendable`: `current` is only accessed while holding `lock`.
final class ManualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(by seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }

    func set(_ date: Date) { lock.withLock { current = date } }

    var businessClock: BusinessClock { BusinessClock(source: { [self] in now }) }
}

/// A catalog that knows the apartments the test gives it. `@unchecked Sendable`: state only under `lock`.
final class StubCatalog: CatalogApartments, @unchecked Sendable {
    private let lock = NSLock()
    private var apartments: [UUID: ReplicatedApartment] = [:]
    private var asked = 0

    func add(_ apartment: ReplicatedApartment) { lock.withLock { apartments[apartment.apartmentId] = apartment } }

    var calls: Int { lock.withLock { asked } }

    func apartment(_ id: UUID) async throws -> ReplicatedApartment? {
        lock.withLock {
            asked += 1
            return apartments[id]
        }
    }
}

/// 2026-12-01 09:00 in Kazakhstan (04:00 UTC): «now» in most tests.
let testNow = ContractsCoding.parseInstant("2026-12-01T04:00:00Z")!

/// An instant on a business date (UTC+5) `days` after `testNow`'s date, at `hour`:`minute` local time.
func businessInstant(daysFromToday days: Int, hour: Int, minute: Int = 0) -> Date {
    let calendar = BusinessClock.calendar
    let today = calendar.startOfDay(for: testNow)
    let day = calendar.date(byAdding: .day, value: days, to: today)!
    return calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day)!
}

/// A migrated booking schema on a fresh test database, the engine built with a manual clock, and a stub catalog.
struct BookingFixture: Sendable {
    let database: TestDatabase
    let pool: DatabasePool
    let clock: ManualClock
    let catalog: StubCatalog
    let engine: BookingEngine
    let outbox: Outbox

    func makeEngine(settings: BookingSettings? = nil) -> BookingEngine {
        BookingEngine(database: pool, outbox: outbox, inbox: Inbox(), clock: clock.businessClock,
                      settings: settings ?? BookingSettings(), catalog: catalog, logger: testLogger)
    }

    /// A listed apartment the stub catalog knows (not yet in the replica).
    func makeApartment(pricePerNightTiyn: Int64 = 2_000_000, realtorId: Int64 = 77, listed: Bool = true)
        -> ReplicatedApartment
    {
        let apartment = ReplicatedApartment(apartmentId: UUID(), realtorId: realtorId,
                                            pricePerNightTiyn: pricePerNightTiyn, listed: listed)
        catalog.add(apartment)
        return apartment
    }

    func hold(_ apartment: UUID, guest: Int64 = 501, checkIn: Date, checkOut: Date,
              requestId: UUID = UUID()) async throws -> HoldOutcome
    {
        try await engine.holds.placeHold(request(PlaceHold(requestId: requestId, apartmentId: apartment,
                                                           guestId: guest, guestChatId: guest + 1_000_000,
                                                           checkIn: checkIn, checkOut: checkOut)),
                                         logger: testLogger)
    }

    /// A held booking on `apartment` (a fresh one by default) from `checkIn` to `checkOut`.
    func heldBooking(guest: Int64 = 501, checkIn: Date = businessInstant(daysFromToday: 5, hour: 14),
                     checkOut: Date = businessInstant(daysFromToday: 7, hour: 12)) async throws -> BookingSummary
    {
        let apartment = makeApartment()
        let outcome = try await hold(apartment.apartmentId, guest: guest, checkIn: checkIn, checkOut: checkOut)
        return try #require(outcome.booking, "hold refused: \(outcome.result)")
    }

    func settle(_ booking: BookingSummary, reference: String = "account:\(UUID())",
                amount: Int64? = nil) async throws -> SettlementOutcome
    {
        try await engine.payments.settle(request(SettlePayment(account: booking.number,
                                                              amountTiyn: amount ?? booking.totalTiyn,
                                                              paymentReference: reference, paidAt: clock.now)),
                                         logger: testLogger)
    }

    /// A paid booking.
    func paidBooking(guest: Int64 = 501, checkIn: Date = businessInstant(daysFromToday: 5, hour: 14),
                     checkOut: Date = businessInstant(daysFromToday: 7, hour: 12)) async throws -> BookingSummary
    {
        let held = try await heldBooking(guest: guest, checkIn: checkIn, checkOut: checkOut)
        let settled = try await settle(held)
        #expect(settled.result == .settled)
        return try #require(settled.booking)
    }

    func cancel(_ booking: BookingSummary, guest: Int64? = nil) async throws -> CancelOutcome {
        try await engine.cancellations.cancel(request(CancelBooking(bookingId: booking.bookingId,
                                                                    guestId: guest ?? booking.guestId)),
                                              logger: testLogger)
    }

    func status(_ id: UUID) async throws -> BookingStatus? {
        try await engine.queries.get(GetBooking(bookingId: id)).booking?.status
    }

    /// Outbox events of one booking, oldest first: (type, decoded summary status).
    func events(of bookingId: UUID? = nil) async throws -> [String] {
        let rows = try await pool.query("""
            SELECT message_type, body FROM outbox WHERE message_type LIKE 'booking.%' ORDER BY id
            """)
        return try rows.compactMap { row in
            let type = try row.decode("message_type", as: String.self)
            let body = try row.decode("body", as: Data.self)
            if let bookingId {
                let text = String(decoding: body, as: UTF8.self)
                guard text.contains(bookingId.uuidString) else { return nil }
            }
            return type
        }
    }

    /// The decoded outbox events of a type.
    func outboxEvents<E: Event>(_: E.Type) async throws -> [E] {
        try await pool.query("SELECT body FROM outbox WHERE message_type = \(E.messageType.rawValue) ORDER BY id")
            .map { try RawEnvelope(body: try $0.decode("body", as: Data.self)).decode(E.self).payload }
    }
}

/// An envelope as the gateway (or payments) would send it.
func request<M: Message>(_ message: M) -> Envelope<M> {
    Envelope(message, producer: .gateway)
}

@discardableResult
func withBookingDatabase<T: Sendable>(now: Date = testNow, _ body: (BookingFixture) async throws -> T) async throws -> T {
    try await withTestDatabase { database in
        let pool = try await database.makeServicePool(schema: "booking", poolSize: 6)
        let migrator = Migrator(pool: pool, schema: "booking", logger: testLogger)
        try await migrator.migrate(MessagingMigrations.all, component: "messaging")
        try await migrator.migrate(try BookingApp.migrations(), component: "service")
        let clock = ManualClock(now)
        let catalog = StubCatalog()
        let outbox = Outbox(producer: .booking, signal: OutboxSignal())
        let engine = BookingEngine(database: pool, outbox: outbox, inbox: Inbox(), clock: clock.businessClock,
                                   settings: BookingSettings(), catalog: catalog, logger: testLogger)
        return try await body(BookingFixture(database: database, pool: pool, clock: clock, catalog: catalog,
                                             engine: engine, outbox: outbox))
    }
}
