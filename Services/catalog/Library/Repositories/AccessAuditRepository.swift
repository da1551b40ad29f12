import Contracts
import Database
import Foundation

/// One request for decrypted access details, as audited.
public struct AccessAuditEntry: Sendable, Equatable {
    public var apartmentId: UUID
    public var requester: AccessRequester
    public var bookingId: UUID?
    public var purpose: AccessPurpose
    public var channel: AccessChannel
    /// nil when granted.
    public var refusalReason: String?
    public var correlationId: UUID?
    public var requestMessageId: UUID?

    public var granted: Bool { refusalReason == nil }

    public init(apartmentId: UUID, requester: AccessRequester, bookingId: UUID?, purpose: AccessPurpose,
                channel: AccessChannel, refusalReason: String?, correlationId: UUID?, requestMessageId: UUID?)
    {
        self.apartmentId = apartmentId
        self.requester = requester
        self.bookingId = bookingId
        self.purpose = purpose
        self.channel = channel
        self.refusalReason = refusalReason
        self.correlationId = correlationId
        self.requestMessageId = requestMessageId
    }
}

/// The access audit: who saw (or was refused) which apartment's access details, for which booking, when, where.
public protocol AccessAuditRepository: Sendable {
    /// Appends an entry; returns its id.
    func record(_ entry: AccessAuditEntry, on database: any SQLExecutor) async throws -> Int64
}

public struct PostgresAccessAuditRepository: AccessAuditRepository {
    public init() {}

    public func record(_ entry: AccessAuditEntry, on database: any SQLExecutor) async throws -> Int64 {
        let row = try await database.queryFirst("""
            INSERT INTO access_audit (apartment_id, requester_role, requester_id, booking_id, purpose, channel, granted,
                                      refusal_reason, correlation_id, request_message_id)
            VALUES (\(entry.apartmentId), \(entry.requester.role.rawValue), \(entry.requester.userId), \(entry.bookingId),
                    \(entry.purpose.rawValue), \(entry.channel.rawValue), \(entry.granted), \(entry.refusalReason),
                    \(entry.correlationId), \(entry.requestMessageId))
            RETURNING id
            """)
        guard let row else { throw DatabaseError(kind: .decoding, message: "INSERT … RETURNING id returned no row") }
        return try row.decode("id")
    }
}
