import Foundation

/// An access code (intercom or safe) as stored: the serialized AES-256-GCM sealed box, never the plaintext.
/// Made only by ``AccessCodeVault/seal(_:field:apartmentId:)``, which refuses empty codes.
public struct SealedCode: Sendable, Equatable, CustomStringConvertible {
    /// `Cryptography.SealedBox` storage format (version, key id, nonce, ciphertext, tag).
    public let serialized: Data

    init(serialized: Data) {
        self.serialized = serialized
    }

    public var description: String { "SealedCode(\(serialized.count) bytes)" }
}

/// Which code a sealed box holds; part of the associated data, so boxes cannot be swapped between fields.
public enum AccessCodeField: String, Sendable, CaseIterable {
    case intercom
    case safe
}
