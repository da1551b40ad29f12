import Contracts
import Database
import Foundation
import Toolkit

/// A partner-API payment (invoice or link) as stored in `kaspi_payments`.
struct KaspiPaymentRecord: Sendable, Equatable {
    enum Status: String, Sendable {
        case live, settled, failed, refunded
    }

    var id: UUID
    var bookingId: UUID
    var account: String
    var channel: KaspiChannel
    var amountTiyn: Int64
    var phone: String?
    var qrPaymentId: String
    var url: String?
    var status: Status
    var kaspiStatus: String?
    var expiresAt: Date
    var pollFailures: Int

    init(id: UUID, bookingId: UUID, account: String, channel: KaspiChannel, amountTiyn: Int64, phone: String?,
         qrPaymentId: String, url: String?, status: Status = .live, kaspiStatus: String? = nil, expiresAt: Date,
         pollFailures: Int = 0)
    {
        self.id = id
        self.bookingId = bookingId
        self.account = account
        self.channel = channel
        self.amountTiyn = amountTiyn
        self.phone = phone
        self.qrPaymentId = qrPaymentId
        self.url = url
        self.status = status
        self.kaspiStatus = kaspiStatus
        self.expiresAt = expiresAt
        self.pollFailures = pollFailures
    }

    init(row: Row) throws {
        id = try row.decode("id")
        bookingId = try row.decode("booking_id")
        account = try row.decode("account")
        channel = KaspiChannel(rawValue: try row.decode("channel")) ?? .invoice
        amountTiyn = try row.decode("amount_tiyn")
        phone = try row.decode("phone")
        qrPaymentId = try row.decode("qr_payment_id")
        url = try row.decode("url")
        status = Status(rawValue: try row.decode("status")) ?? .failed
        kaspiStatus = try row.decode("kaspi_status")
        expiresAt = try row.decode("expires_at")
        pollFailures = try row.decode("poll_failures")
    }
}

struct KaspiPaymentRepository: Sendable {
    static let columns: SQL = """
        id, booking_id, account, channel, amount_tiyn, phone, qr_payment_id, url, status, kaspi_status, expires_at,
        poll_failures
        """

    func live(bookingId: UUID, channel: KaspiChannel, in executor: any SQLExecutor) async throws -> KaspiPaymentRecord? {
        try await executor.queryFirst("""
            SELECT \(Self.columns) FROM kaspi_payments
            WHERE booking_id = \(bookingId) AND channel = \(channel.rawValue) AND status = 'live'
            """).map(KaspiPaymentRecord.init(row:))
    }

    func insert(_ record: KaspiPaymentRecord, firstPollAfter: Duration, in executor: any SQLExecutor) async throws {
        try await executor.execute("""
            INSERT INTO kaspi_payments (id, booking_id, account, channel, amount_tiyn, phone, qr_payment_id, url,
                                        status, expires_at, next_poll_at)
            VALUES (\(record.id), \(record.bookingId), \(record.account), \(record.channel.rawValue),
                    \(record.amountTiyn), \(record.phone), \(record.qrPaymentId), \(record.url), 'live',
                    \(record.expiresAt), now() + \(firstPollAfter.wholeMilliseconds) * interval '1 millisecond')
            """)
    }

    /// Leases up to `limit` live payments due for polling. Safe with any number of instances: rows are claimed with
    /// `FOR UPDATE SKIP LOCKED` and leased for `lease`, so no two instances poll the same payment at once, and a
    /// crashed instance's lease simply lapses.
    func claimDue(limit: Int, lease: Duration, database: DatabasePool) async throws -> [KaspiPaymentRecord] {
        try await database.query("""
            UPDATE kaspi_payments SET lease_until = now() + \(lease.wholeMilliseconds) * interval '1 millisecond'
            WHERE id IN (
                SELECT id FROM kaspi_payments
                WHERE status = 'live' AND next_poll_at <= now() AND (lease_until IS NULL OR lease_until < now())
                ORDER BY next_poll_at LIMIT \(limit)
                FOR UPDATE SKIP LOCKED)
            RETURNING \(Self.columns)
            """).map(KaspiPaymentRecord.init(row:))
    }

    /// Polls again after `delay`; releases the lease.
    func reschedule(_ id: UUID, after delay: Duration, kaspiStatus: String?, failures: Int,
                    database: DatabasePool) async throws
    {
        try await database.execute("""
            UPDATE kaspi_payments
            SET next_poll_at = now() + \(delay.wholeMilliseconds) * interval '1 millisecond', lease_until = NULL,
                kaspi_status = coalesce(\(kaspiStatus), kaspi_status), poll_failures = \(failures), updated_at = now()
            WHERE id = \(id) AND status = 'live'
            """)
    }

    /// Ends a live payment; false if it was not live any more (another instance finished it).
    func finish(_ id: UUID, status: KaspiPaymentRecord.Status, kaspiStatus: String?, outcome: String,
                in transaction: DatabaseTransaction) async throws -> Bool
    {
        try await transaction.execute("""
            UPDATE kaspi_payments
            SET status = \(status.rawValue), kaspi_status = coalesce(\(kaspiStatus), kaspi_status),
                outcome = \(outcome), lease_until = NULL, updated_at = now()
            WHERE id = \(id) AND status = 'live'
            """) == 1
    }

    /// The database's clock (Kaspi's deadlines are real time, not the business clock).
    func now(database: DatabasePool) async throws -> Date {
        try await database.queryFirst("SELECT now() AS now")?.decode("now") ?? Date()
    }
}
