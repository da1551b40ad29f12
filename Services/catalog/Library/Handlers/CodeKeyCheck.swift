import Cryptography
import Database
import Foundation

/// Checks at start that `CODES_ENCRYPTION_KEYS` can open what this database stores, so that keys that do not fit
/// are found before a guest pays, not when the door codes are due:
///
/// 1. every key id the keyring shares with the database (`code_keys`, migration 0005) must be the same material
///    (``EncryptionKey/fingerprint``): «same id, different key» — a second checkout's generated `.env.local`, say —
///    is named at once;
/// 2. every key id that stored codes use must be in the keyring;
/// 3. one stored code per key id in use is opened (deployments from before fingerprints were recorded).
///
/// When all holds, the keyring's fingerprints are recorded (first come, kept). Messages name key ids and
/// fingerprints, never key material.
public struct CodeKeyCheck: Sendable {
    /// Why the keyring cannot serve this database.
    public struct Mismatch: Error, CustomStringConvertible, Equatable {
        public var message: String
        public var description: String { message }
    }

    let database: DatabasePool
    let vault: AccessCodeVault

    public init(database: DatabasePool, vault: AccessCodeVault) {
        self.database = database
        self.vault = vault
    }

    /// Nil when the keyring fits the stored codes; the mismatch otherwise.
    public func run() async throws -> Mismatch? {
        let keyring = vault.keyring
        let keys = [keyring.current] + keyring.previous
        var recorded: [String: String] = [:]
        for row in try await database.query("SELECT key_id, fingerprint FROM code_keys") {
            recorded[try row.decode("key_id")] = try row.decode("fingerprint")
        }
        for key in keys {
            if let known = recorded[key.id], known != key.fingerprint {
                return Mismatch(message: """
                    key id \(key.id) of CODES_ENCRYPTION_KEYS is not the key \(key.id) this database's codes were \
                    sealed with (fingerprint \(key.fingerprint), recorded \(known)): use the deployment's own \
                    CODES_ENCRYPTION_KEYS
                    """)
            }
        }
        for (keyId, sample) in try await samples() {
            guard keyring.key(id: keyId) != nil else {
                return Mismatch(message: """
                    stored access codes use key id \(keyId), which CODES_ENCRYPTION_KEYS lacks \
                    (it has \(keyring.keyIds.joined(separator: ", ")))
                    """)
            }
            do {
                _ = try vault.open(sample.code, field: sample.field, apartmentId: sample.apartmentId)
            } catch {
                return Mismatch(message: """
                    key id \(keyId) of CODES_ENCRYPTION_KEYS cannot open the stored access codes sealed with \
                    key id \(keyId) (authentication failed): it is another key under the same id
                    """)
            }
        }
        try await database.withTransaction { transaction in
            for key in keys where recorded[key.id] == nil {
                try transaction.executeDeferred("""
                    INSERT INTO code_keys (key_id, fingerprint) VALUES (\(key.id), \(key.fingerprint))
                    ON CONFLICT (key_id) DO NOTHING
                    """)
            }
        }
        return nil
    }

    struct Sample {
        var apartmentId: UUID
        var field: AccessCodeField
        var code: SealedCode
    }

    /// One stored code per key id in use (the id is inside each sealed box, `Cryptography.SealedBox` format).
    private func samples() async throws -> [(String, Sample)] {
        let rows = try await database.query("""
            SELECT DISTINCT ON (key_id) key_id, id, field, code FROM (
                SELECT id, 'intercom' AS field, intercom_code_sealed AS code FROM apartments
                WHERE intercom_code_sealed IS NOT NULL
                UNION ALL
                SELECT id, 'safe' AS field, safe_code_sealed AS code FROM apartments WHERE safe_code_sealed IS NOT NULL
            ) codes
            CROSS JOIN LATERAL (SELECT CASE WHEN length(code) > 2
                                       THEN encode(substring(code from 3 for get_byte(code, 1)), 'escape')
                                       END AS key_id) k
            ORDER BY key_id, id, field
            """)
        return try rows.compactMap { row in
            guard let keyId = try row.decode("key_id", as: String?.self),
                  let field = AccessCodeField(rawValue: try row.decode("field"))
            else { return nil }
            return (keyId, Sample(apartmentId: try row.decode("id"), field: field,
                                  code: SealedCode(serialized: try row.decode("code"))))
        }
    }
}
