import Contracts
import Database
import Foundation
import HTTPClient
import Logging
import Messaging
@testable import Notifier
import ServiceRuntime
import TestSupport

let testLogger: Logger = {
    var logger = Logger(label: "notifier-tests")
    logger.logLevel = .critical
    return logger
}()

/// A migrated notifier schema on a fresh test database, reached through the notifier's own role.
struct NotifierFixture: Sendable {
    let database: TestDatabase
    let pool: DatabasePool

    /// Another pool on the same database (as a second notifier process would have).
    func makePool() -> DatabasePool {
        var configuration = pool.configuration
        configuration.applicationName = "zhilyego-tests-notifier-2"
        return database.makePool(configuration: configuration)
    }

    func statusCounts() async throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try await pool.query("SELECT status, count(*) AS n FROM notifications GROUP BY status") {
            counts[try row.decode("status")] = try row.decode("n", as: Int.self)
        }
        return counts
    }

    func has(sent: Int, skipped: Int) async throws -> Bool {
        let counts = try await statusCounts()
        return counts["sent", default: 0] == sent && counts["skipped", default: 0] == skipped
    }

    func count(status: String) async throws -> Int {
        try await pool.queryFirst("SELECT count(*) AS n FROM notifications WHERE status = \(status)")?
            .decode("n", as: Int.self) ?? 0
    }

    func row(dedupeKey: String) async throws -> Row? {
        try await pool.queryFirst("""
            SELECT status, attempts, last_error, telegram_message_id, payload::text AS payload, not_before
            FROM notifications WHERE dedupe_key = \(dedupeKey)
            """)
    }
}

@discardableResult
func withNotifierDatabase<T: Sendable>(_ body: (NotifierFixture) async throws -> T) async throws -> T {
    try await withTestDatabase { database in
        let pool = try await database.makeServicePool(schema: "notifier", poolSize: 6)
        let migrator = Migrator(pool: pool, schema: "notifier", logger: testLogger)
        try await migrator.migrate(MessagingMigrations.all, component: "messaging")
        try await migrator.migrate(try NotifierApp.migrations(), component: "service")
        return try await body(NotifierFixture(database: database, pool: pool))
    }
}

/// A business clock tests move by hand: it runs with real time from wherever it was last set.
final class ManualClock: @unchecked Sendable {
    // `@unchecked Sendable`: `offset` is only touched under `lock`.
    private let lock = NSLock()
    private var offset: TimeInterval

    init(_ start: Date) { offset = start.timeIntervalSinceNow }

    var now: Date { lock.withLock { Date().addingTimeInterval(offset) } }
    func set(_ date: Date) { lock.withLock { offset = date.timeIntervalSinceNow } }
    func advance(_ seconds: TimeInterval) { lock.withLock { offset += seconds } }

    var businessClock: BusinessClock { BusinessClock(shift: 0, source: { [self] in now }) }
}

/// Bookings and access details as the booking and catalog services would answer, recorded.
final class FakeLookups: NotifierLookups, @unchecked Sendable {
    // `@unchecked Sendable`: all state is only touched under `lock`.
    private let lock = NSLock()
    private var bookings: [UUID: BookingSummary] = [:]
    private var details: [UUID: ApartmentAccessDetails] = [:]
    private var failuresLeft = 0
    private var eligibility: [UUID: ReviewEligibility] = [:]
    private var cards: [UUID: ApartmentCard] = [:]
    private var eligibilityAsked: [UUID] = []
    private(set) var revealRequestsStorage: [RevealRecord] = []

    struct RevealRecord: Sendable, Equatable {
        var reference: AccessDetailsReference
    }

    var reveals: [RevealRecord] { lock.withLock { revealRequestsStorage } }

    func put(_ booking: BookingSummary) { lock.withLock { bookings[booking.bookingId] = booking } }
    func setStatus(_ bookingId: UUID, _ status: BookingStatus) { lock.withLock { bookings[bookingId]?.status = status } }
    func put(_ access: ApartmentAccessDetails) { lock.withLock { details[access.apartmentId] = access } }
    /// What `GetReviewEligibility` answers for the booking (eligible until set).
    func setEligibility(_ bookingId: UUID, _ answer: ReviewEligibility) {
        lock.withLock { eligibility[bookingId] = answer }
    }
    func put(_ card: ApartmentCard) { lock.withLock { cards[card.id] = card } }
    /// The bookings whose review eligibility was asked, in order.
    var eligibilityRequests: [UUID] { lock.withLock { eligibilityAsked } }

    /// The next `count` lookups fail (as an unreachable service would).
    func failNext(_ count: Int) { lock.withLock { failuresLeft = count } }

    struct Unavailable: Error {}

    private func maybeFail() throws {
        try lock.withLock {
            if failuresLeft > 0 {
                failuresLeft -= 1
                throw Unavailable()
            }
        }
    }

    func booking(_ bookingId: UUID) async throws -> BookingSummary? {
        try maybeFail()
        return lock.withLock { bookings[bookingId] }
    }

    func reviewEligibility(bookingId: UUID, guestId: Int64) async throws -> ReviewEligibility {
        try maybeFail()
        return lock.withLock {
            eligibilityAsked.append(bookingId)
            return eligibility[bookingId] ?? ReviewEligibility(eligible: true)
        }
    }

    func apartmentCard(_ apartmentId: UUID) async throws -> ApartmentCard {
        try lock.withLock {
            guard let card = cards[apartmentId] else { throw Unavailable() }
            return card
        }
    }

    func revealAccess(_ reference: AccessDetailsReference, timeout: Duration?) async throws -> ApartmentAccessDetails {
        try maybeFail()
        return try lock.withLock {
            revealRequestsStorage.append(RevealRecord(reference: reference))
            guard let access = details[reference.apartmentId] else { throw Unavailable() }
            return access
        }
    }
}

/// Runs dispatchers (sender workers) for the duration of `body`, then stops them gracefully.
func withDispatchers<T: Sendable>(_ dispatchers: [NotificationDispatcher],
                                  _ body: () async throws -> T) async throws -> T
{
    let tasks = dispatchers.map { dispatcher in Task { await dispatcher.runWorkers() } }
    let result: Result<T, any Error>
    do {
        result = .success(try await body())
    } catch {
        result = .failure(error)
    }
    for dispatcher in dispatchers { dispatcher.stop() }
    for task in tasks { await task.value }
    return try result.get()
}

func makeDispatcher(pool: DatabasePool, sandboxURL: String, http: HTTPClient, clock: BusinessClock = .system,
                    lookups: any NotifierLookups = FakeLookups(), limits: SendLimits = SendLimits(),
                    retryBase: Double = 0.2, lease: Double = 90, instance: UUID = UUID(),
                    access: NotificationRenderer.AccessSettings = .init()) -> NotificationDispatcher
{
    NotificationDispatcher(
        queue: NotificationQueue(database: pool, limits: limits, lease: lease),
        renderer: NotificationRenderer(lookups: lookups, replicas: NotifierReplicas(database: pool), access: access),
        sender: TelegramBotSender(baseURL: sandboxURL, token: SandboxHarness.token, http: http),
        clock: clock,
        configuration: NotificationDispatcher.Configuration(workers: 4, batchSize: 10,
                                                            idleInterval: .milliseconds(20), retryBase: retryBase,
                                                            retryMax: 2),
        instance: instance, logger: testLogger)
}

/// Plain text notifications "msg <chat> <n>" for each chat.
func textNotifications(chats: [Int64], perChat: Int, prefix: String = "msg") -> [NewNotification] {
    var result: [NewNotification] = []
    for index in 0..<perChat {
        for chat in chats {
            result.append(NewNotification(dedupeKey: "\(prefix):\(chat):\(index)", chatId: chat, kind: .direct,
                                          payload: NotificationPayload(text: "\(prefix) \(chat) \(index)")))
        }
    }
    return result
}

func enqueueAll(_ notifications: [NewNotification], pool: DatabasePool, now: Date = Date()) async throws {
    let queue = NotificationQueue(database: pool)
    for chunk in stride(from: 0, to: notifications.count, by: 200) {
        let slice = notifications[chunk..<min(chunk + 200, notifications.count)]
        try await pool.withTransaction { transaction in
            for notification in slice {
                try await queue.enqueue(notification, now: now, in: transaction)
            }
        }
    }
}
