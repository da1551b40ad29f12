/// Why a cryptographic operation failed. Descriptions never contain key material, plaintext or ciphertext.
public struct CryptographyError: Error, Sendable, CustomStringConvertible {
    /// The category to branch on; more may be added later.
    public struct Kind: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case randomGenerationFailed, invalidKey, invalidKeyring, unknownKeyId, authenticationFailed
            case malformedSealedBox, unsupportedVersion, invalidArgument, operationFailed
        }

        private let base: Base

        /// The system random generator (OpenSSL `RAND_bytes`) failed.
        public static let randomGenerationFailed = Kind(base: .randomGenerationFailed)
        /// A key has the wrong size or an invalid id.
        public static let invalidKey = Kind(base: .invalidKey)
        /// A keyring description (environment value) cannot be parsed.
        public static let invalidKeyring = Kind(base: .invalidKeyring)
        /// A sealed box names a key id the keyring does not hold.
        public static let unknownKeyId = Kind(base: .unknownKeyId)
        /// The ciphertext, tag, nonce, key id or associated data was altered, or the key is wrong.
        public static let authenticationFailed = Kind(base: .authenticationFailed)
        /// Serialized sealed-box bytes are truncated or inconsistent.
        public static let malformedSealedBox = Kind(base: .malformedSealedBox)
        /// Serialized sealed-box bytes carry a format version this code does not know.
        public static let unsupportedVersion = Kind(base: .unsupportedVersion)
        /// An argument is out of range (e.g. a negative byte count).
        public static let invalidArgument = Kind(base: .invalidArgument)
        /// OpenSSL reported an unexpected failure.
        public static let operationFailed = Kind(base: .operationFailed)

        public var description: String { base.rawValue }
    }

    public let kind: Kind
    public let message: String

    init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "Cryptography error (\(kind)): \(message)" }
}
