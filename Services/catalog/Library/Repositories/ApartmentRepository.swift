import Database
import Foundation

/// Stores and loads the ``Apartment`` aggregate (with its photos and sealed codes).
public protocol ApartmentRepository: Sendable {
    /// Loads an apartment; `forUpdate` locks its row until the transaction ends.
    func load(_ id: UUID, forUpdate: Bool, on database: any SQLExecutor) async throws -> Apartment?
    /// Inserts (`previous` nil) or updates `apartment`; stores `images` (new photo bytes, once per checksum) and
    /// brings the photo rows in line with the aggregate.
    func save(_ apartment: Apartment, previous: Apartment?, images: [PhotoImage],
              in transaction: DatabaseTransaction) async throws
    /// Ids of apartments holding at least one sealed code, in id order after `after` (for key rotation).
    func idsWithCodes(after: UUID?, limit: Int, on database: any SQLExecutor) async throws -> [UUID]
    /// Replaces the sealed codes only (key rotation: no business change, `updated_at` unchanged).
    func replaceCodes(of id: UUID, intercom: SealedCode?, safe: SealedCode?,
                      in transaction: DatabaseTransaction) async throws
}
