import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// Realtors' blocks (`booking.block.place.v1`, `booking.block.remove.v1`): rows of `stays` (kind `block`) under the
/// same exclusion constraint as bookings, so a block can never overlap a live booking and a guest can never book
/// blocked dates — whoever comes second loses. Only the apartment's realtor (booking's replica of the catalog) or
/// a superadmin may place or remove one; anyone else is answered `not_found`, as for a missing apartment.
struct BlockHandler: Sendable {
    let database: DatabasePool
    let outbox: Outbox
    let clock: BusinessClock
    let catalog: any CatalogApartments
    let apartments = ApartmentReplica()
    /// Longest block.
    static let maximumLength: TimeInterval = 366 * 86_400

    func place(_ envelope: Envelope<PlaceBlock>, logger: Logger) async throws -> BlockOutcome {
        let request = envelope.payload
        let now = clock.now()
        guard request.to > request.from, request.to > now,
              request.to.timeIntervalSince(request.from) <= Self.maximumLength
        else { return BlockOutcome(result: .invalidDates) }
        if let earlier = try await find(requestId: request.requestId) {
            return BlockOutcome(result: .placed, block: earlier)
        }
        guard let apartment = try await apartments.resolve(request.apartmentId, catalog: catalog, on: database),
              RealtorAccess.may(request.actor, touch: apartment.realtorId)
        else { return BlockOutcome(result: .notFound) }
        let block = BlockSummary(blockId: UUID(), apartmentId: request.apartmentId, realtorId: apartment.realtorId,
                                 from: max(request.from, now), to: request.to, reason: request.reason,
                                 createdBy: request.actor.userId)
        do {
            try await database.withTransaction { transaction in
                try await transaction.execute("""
                    INSERT INTO stays (id, kind, apartment_id, period, status, realtor_id, block_reason,
                                       block_created_by, request_id, created_at, updated_at)
                    VALUES (\(block.blockId), 'block', \(block.apartmentId),
                            tstzrange(\(block.from), \(block.to), '[)'), 'blocked', \(block.realtorId),
                            \(block.reason.rawValue), \(block.createdBy), \(request.requestId), \(now), \(now))
                    """)
                _ = try await outbox.publish(BlockPlaced(block: block), causedBy: envelope.metadata, in: transaction)
            }
        } catch let error as DatabaseError where error.isExclusionViolation {
            return BlockOutcome(result: .overlaps, conflictingBookingNumber: try await liveBooking(in: block))
        } catch let error as DatabaseError where error.isUniqueViolation {
            // The same request raced itself: answer what the first one placed.
            guard let earlier = try await find(requestId: request.requestId) else { throw error }
            return BlockOutcome(result: .placed, block: earlier)
        }
        logger.info("block placed", metadata: ["block.id": "\(block.blockId)", "apartment.id": "\(block.apartmentId)",
                                               "block.reason": "\(block.reason.rawValue)"])
        return BlockOutcome(result: .placed, block: block)
    }

    func remove(_ envelope: Envelope<RemoveBlock>, logger: Logger) async throws -> BlockOutcome {
        let request = envelope.payload
        let removed = try await database.withTransaction { transaction -> BlockSummary? in
            guard let row = try await transaction.queryFirst("""
                SELECT \(Self.columns) FROM stays WHERE id = \(request.blockId) AND kind = 'block' FOR UPDATE
                """)
            else { return nil }
            let block = try Self.block(row)
            guard RealtorAccess.may(request.actor, touch: block.realtorId) else { return nil }
            try await transaction.execute("DELETE FROM stays WHERE id = \(block.blockId)")
            _ = try await outbox.publish(BlockRemoved(block: block, removedBy: request.actor.userId),
                                         causedBy: envelope.metadata, in: transaction)
            return block
        }
        guard let removed else { return BlockOutcome(result: .notFound) }
        logger.info("block removed", metadata: ["block.id": "\(removed.blockId)"])
        return BlockOutcome(result: .removed, block: removed)
    }

    private func find(requestId: UUID) async throws -> BlockSummary? {
        try await database.queryFirst("""
            SELECT \(Self.columns) FROM stays WHERE request_id = \(requestId) AND kind = 'block'
            """).map(Self.block)
    }

    /// The number of a live booking overlapping `block` (nil when a block is in the way instead).
    private func liveBooking(in block: BlockSummary) async throws -> String? {
        try await database.queryFirst("""
            SELECT number FROM stays
            WHERE apartment_id = \(block.apartmentId) AND kind = 'booking'
              AND status IN ('held', 'paid', 'checked_in')
              AND period && tstzrange(\(block.from), \(block.to), '[)')
            ORDER BY lower(period) LIMIT 1
            """).map { "\(try $0.decode("number", as: Int64.self))" }
    }

    static let columns: SQL = """
        id, apartment_id, realtor_id, lower(period) AS period_from, upper(period) AS period_to, block_reason,
        coalesce(block_created_by, realtor_id, 0) AS block_created_by
        """

    static func block(_ row: Row) throws -> BlockSummary {
        BlockSummary(blockId: try row.decode("id"), apartmentId: try row.decode("apartment_id"),
                     realtorId: try row.decode("realtor_id", as: Int64?.self) ?? 0,
                     from: try row.decode("period_from"), to: try row.decode("period_to"),
                     reason: BlockReason(rawValue: try row.decode("block_reason", as: String?.self) ?? "") ?? .repair,
                     createdBy: try row.decode("block_created_by"))
    }
}
