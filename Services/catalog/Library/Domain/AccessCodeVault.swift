import Cryptography
import Foundation

/// Seals and opens access codes with the keyring from `CODES_ENCRYPTION_KEYS` (AES-256-GCM; the key id is inside
/// each box, so old keys keep opening what they sealed while new seals use the current key).
///
/// Each box is bound to its apartment and field by associated data (`catalog.apartment:<id>:<field>`): a box
/// copied to another apartment or column does not open.
public struct AccessCodeVault: Sendable {
    /// Longest accepted code, in characters.
    public static let maximumCodeLength = 64

    public let keyring: Keyring

    public init(keyring: Keyring) {
        self.keyring = keyring
    }

    /// Trims `code` and seals it; an empty or overlong code is an `invalidField` error.
    public func seal(_ code: String, field: AccessCodeField, apartmentId: UUID) throws(CatalogError) -> SealedCode {
        let trimmed = code.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else {
            throw .invalidField(field: "\(field.rawValue)Code", reason: "must not be empty")
        }
        guard trimmed.count <= Self.maximumCodeLength else {
            throw .invalidField(field: "\(field.rawValue)Code",
                                reason: "longer than \(Self.maximumCodeLength) characters")
        }
        do {
            let box = try keyring.seal(Data(trimmed.utf8),
                                       associatedData: Self.associatedData(field: field, apartmentId: apartmentId))
            return SealedCode(serialized: box.serialized)
        } catch {
            throw .codesUnreadable("sealing failed: \(error.kind)")
        }
    }

    public func open(_ sealed: SealedCode, field: AccessCodeField, apartmentId: UUID) throws(CatalogError) -> String {
        do {
            var plaintext = try keyring.open(serialized: sealed.serialized,
                                             associatedData: Self.associatedData(field: field, apartmentId: apartmentId))
            defer { plaintext.resetBytes(in: 0..<plaintext.count) }
            guard let code = String(bytes: plaintext, encoding: .utf8) else {
                throw CatalogError.codesUnreadable("the \(field.rawValue) code is not UTF-8")
            }
            return code
        } catch let error as CatalogError {
            throw error
        } catch let error as CryptographyError {
            throw .codesUnreadable("\(field.rawValue) code of apartment \(apartmentId): \(error.kind)")
        } catch {
            throw .codesUnreadable("\(field.rawValue) code of apartment \(apartmentId)")
        }
    }

    /// The id of the key that sealed `sealed` (nil when the bytes are not a sealed box).
    public func keyId(of sealed: SealedCode) -> String? {
        try? SealedBox(serialized: sealed.serialized).keyId
    }

    /// True when `sealed` was sealed with a key other than the current one.
    public func needsRotation(_ sealed: SealedCode) -> Bool {
        keyId(of: sealed) != keyring.current.id
    }

    /// Opens `sealed` and seals it again with the current key (unchanged when it already uses it).
    public func reseal(_ sealed: SealedCode, field: AccessCodeField, apartmentId: UUID) throws(CatalogError) -> SealedCode {
        guard needsRotation(sealed) else { return sealed }
        return try seal(try open(sealed, field: field, apartmentId: apartmentId), field: field, apartmentId: apartmentId)
    }

    static func associatedData(field: AccessCodeField, apartmentId: UUID) -> Data {
        Data("catalog.apartment:\(apartmentId.uuidString.lowercased()):\(field.rawValue)".utf8)
    }
}
