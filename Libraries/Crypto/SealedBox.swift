import Foundation

/// AES-256-GCM output together with the id of the key that sealed it.
///
/// Storage format (`serialized`, e.g. for a `bytea` column), version 1:
///
///     [0x01] [key id length: 1 byte] [key id: ASCII] [nonce: 12 bytes] [ciphertext: n bytes] [tag: 16 bytes]
///
/// The version byte and key id are authenticated too (they are part of the GCM associated data), so
/// editing them makes `Keyring.open` fail.
public struct SealedBox: Sendable, Equatable {
    public static let formatVersion: UInt8 = 1

    /// Id of the key that sealed the box; compare with `Keyring.current.id` (`Keyring.needsRotation`).
    public let keyId: String
    /// 12 random bytes, new for every seal.
    public let nonce: Data
    public let ciphertext: Data
    /// 16-byte GCM authentication tag.
    public let tag: Data

    public init(keyId: String, nonce: Data, ciphertext: Data, tag: Data) throws(CryptographyError) {
        guard EncryptionKey.isValidId(keyId) else {
            throw CryptographyError(.malformedSealedBox, "the key id of a sealed box is invalid")
        }
        guard nonce.count == AESGCM.nonceByteCount, tag.count == AESGCM.tagByteCount else {
            throw CryptographyError(.malformedSealedBox, "a sealed box needs a 12-byte nonce and a 16-byte tag")
        }
        self.keyId = keyId
        self.nonce = Data(nonce)
        self.ciphertext = Data(ciphertext)
        self.tag = Data(tag)
    }

    /// Reads the storage format; fails with `.unsupportedVersion` or `.malformedSealedBox`.
    public init(serialized: Data) throws(CryptographyError) {
        let bytes = [UInt8](serialized)
        guard let version = bytes.first else {
            throw CryptographyError(.malformedSealedBox, "a sealed box cannot be empty")
        }
        guard version == Self.formatVersion else {
            throw CryptographyError(.unsupportedVersion, "unknown sealed box format version \(version)")
        }
        guard bytes.count >= 2 else {
            throw CryptographyError(.malformedSealedBox, "the sealed box is truncated")
        }
        let idLength = Int(bytes[1])
        let nonceStart = 2 + idLength
        guard bytes.count >= nonceStart + AESGCM.nonceByteCount + AESGCM.tagByteCount else {
            throw CryptographyError(.malformedSealedBox, "the sealed box is truncated")
        }
        guard let keyId = String(validating: bytes[2..<nonceStart], as: UTF8.self) else {
            throw CryptographyError(.malformedSealedBox, "the key id of a sealed box is invalid")
        }
        let cipherStart = nonceStart + AESGCM.nonceByteCount
        let tagStart = bytes.count - AESGCM.tagByteCount
        try self.init(
            keyId: keyId,
            nonce: Data(bytes[nonceStart..<cipherStart]),
            ciphertext: Data(bytes[cipherStart..<tagStart]),
            tag: Data(bytes[tagStart...]))
    }

    /// The storage format described on the type.
    public var serialized: Data {
        var output = Self.header(keyId: keyId)
        output.reserveCapacity(output.count + nonce.count + ciphertext.count + tag.count)
        output.append(nonce)
        output.append(ciphertext)
        output.append(tag)
        return output
    }

    /// Version byte, key id length and key id: authenticated along with the caller's associated data.
    static func header(keyId: String) -> Data {
        var header = Data([formatVersion, UInt8(keyId.utf8.count)])
        header.append(contentsOf: keyId.utf8)
        return header
    }
}
