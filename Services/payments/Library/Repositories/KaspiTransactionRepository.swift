import Database
import Foundation
import Toolkit

/// The `kaspi_transactions` table: one row per pay `txn_id`, the key of exactly-once crediting.
struct KaspiTransactionRepository: Sendable {
    enum Claim: Sendable, Equatable {
        /// This caller now owns the transaction (a new txn_id, or one whose previous owner's lease lapsed).
        case claimed(prvTxn: Int64, receivedAt: Date, attempt: Int)
        /// The transaction was answered before: replay this answer byte for byte.
        case answered(Data)
        /// Another request for this txn_id is being processed right now.
        case busy
        /// The txn_id was registered for another account or sum: refused, nothing changes.
        case reused
    }

    /// Registers `request` (a pay) or finds its earlier registration. `lease` is how long the owner may take
    /// before a re-send of the same txn_id may take over (it must exceed the settle RPC's timeout).
    func claim(_ request: PayByAccountRequest, amountTiyn: Int64, txnDate: String, receivedAt: Date,
               lease: Duration, database: DatabasePool) async throws -> Claim
    {
        let leaseMs = lease.wholeMilliseconds
        // A new txn_id (the usual case) is registered by one statement, committed on its own.
        if let row = try await database.queryFirst("""
            INSERT INTO kaspi_transactions (txn_id, account, amount_tiyn, txn_date, received_at, state, lease_until)
            VALUES (\(request.txnId), \(request.account), \(amountTiyn), \(txnDate), \(receivedAt), 'in_progress',
                    now() + \(leaseMs) * interval '1 millisecond')
            ON CONFLICT (txn_id) DO NOTHING
            RETURNING prv_txn
            """)
        {
            return .claimed(prvTxn: try row.decode("prv_txn"), receivedAt: receivedAt, attempt: 1)
        }
        // A known txn_id: its row is locked while deciding (a re-send, a concurrent duplicate, a lapsed lease).
        return try await database.withTransaction { transaction in
            guard let row = try await transaction.queryFirst("""
                SELECT prv_txn, account, amount_tiyn, state, response, received_at, attempts,
                       lease_until > now() AS leased
                FROM kaspi_transactions WHERE txn_id = \(request.txnId) FOR UPDATE
                """)
            else {
                // Impossible: the insert conflicted with a row that is gone (rows are never deleted).
                return .busy
            }
            if try row.decode("account", as: String.self) != request.account
                || row.decode("amount_tiyn", as: Int64.self) != amountTiyn
            {
                return .reused
            }
            if try row.decode("state", as: String.self) == "completed" {
                return .answered(try row.decode("response"))
            }
            if try row.decode("leased", as: Bool?.self) == true { return .busy }
            let attempt = try row.decode("attempts", as: Int.self) + 1
            try await transaction.execute("""
                UPDATE kaspi_transactions
                SET lease_until = now() + \(leaseMs) * interval '1 millisecond', attempts = \(attempt)
                WHERE txn_id = \(request.txnId)
                """)
            return .claimed(prvTxn: try row.decode("prv_txn"), receivedAt: try row.decode("received_at"),
                            attempt: attempt)
        }
    }

    /// Stores the final answer unless another owner stored one first; returns the stored answer if so.
    func complete(txnId: String, answer: PayByAccountAnswer, bookingId: UUID?,
                  in transaction: DatabaseTransaction) async throws -> Data?
    {
        let updated = try await transaction.execute("""
            UPDATE kaspi_transactions
            SET state = 'completed', result = \(answer.result.rawValue), comment = \(answer.comment),
                booking_id = \(bookingId), response = \(answer.body), completed_at = now(), lease_until = NULL
            WHERE txn_id = \(txnId) AND state = 'in_progress'
            """)
        if updated == 1 { return nil }
        let row = try await transaction.queryFirst("SELECT response FROM kaspi_transactions WHERE txn_id = \(txnId)")
        return try row?.decode("response", as: Data?.self)
    }

    /// Gives the transaction up after an unknown outcome, so Kaspi's re-send retries at once.
    func release(txnId: String, database: DatabasePool) async throws {
        try await database.execute("""
            UPDATE kaspi_transactions SET lease_until = NULL WHERE txn_id = \(txnId) AND state = 'in_progress'
            """)
    }
}
