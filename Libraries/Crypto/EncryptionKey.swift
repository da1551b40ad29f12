import COpenSSL
import Foundation

/// A 256-bit AES key with the id that sealed boxes record, so keys can be rotated.
///
/// The bytes live in their own allocation, wiped (`OPENSSL_cleanse`) when the last copy of the key goes away,
/// and never appear in `description`, `debugDescription` or `dump`.
public struct EncryptionKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let byteCount = 32
    /// Longest accepted id, in characters (`A-Z a-z 0-9 . _ -`).
    public static let maxIdLength = 32

    public let id: String
    private let secret: SecretBytes

    /// Fails with `.invalidKey` unless `bytes` are exactly 32 and `id` is 1–32 characters of `A-Za-z0-9._-`.
    public init(id: String, bytes: some Collection<UInt8>) throws(CryptographyError) {
        guard Self.isValidId(id) else {
            throw CryptographyError(.invalidKey, "a key id must be 1–\(Self.maxIdLength) characters of A-Z a-z 0-9 . _ -")
        }
        guard bytes.count == Self.byteCount else {
            throw CryptographyError(.invalidKey, "an AES-256 key must be \(Self.byteCount) bytes, got \(bytes.count)")
        }
        self.id = id
        secret = SecretBytes(bytes)
    }

    /// A new random key.
    public static func generate(id: String) throws(CryptographyError) -> EncryptionKey {
        var random = try SecureRandom.bytes(byteCount)
        defer { random.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) } }
        return try EncryptionKey(id: id, bytes: random)
    }

    /// `id:base64` as `Keyring.parse(environmentValue:)` reads it. This is the secret itself: show it only to
    /// whoever provisions the environment variable, never log it.
    public var environmentEntry: String {
        "\(id):\(secret.withUnsafeBytes { Data($0).base64EncodedString() })"
    }

    /// A short, stable name of the key material (not of its id): the first 8 bytes, hex, of HMAC-SHA256 under the
    /// key of a fixed label. Safe to store and to show (it reveals nothing usable about the key), so a deployment
    /// can record which material each key id stood for and notice «same id, different key» at once.
    public var fingerprint: String {
        let mac = secret.withUnsafeBytes { bytes in
            var key = Data(bytes)
            defer { key.resetBytes(in: 0..<key.count) }
            return HMAC.sha256(key: key, message: "zhilyego.encryption-key.fingerprint.v1")
        }
        return Hex.encode(mac.prefix(8))
    }

    public var description: String { "EncryptionKey(id: \(id))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["id": id], displayStyle: .struct) }

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws(CryptographyError) -> R) throws(CryptographyError)
        -> R
    {
        try secret.withUnsafeBytes(body)
    }

    static func isValidId(_ id: String) -> Bool {
        let characters = id.utf8
        return !characters.isEmpty && characters.count <= maxIdLength && characters.allSatisfy { character in
            switch character {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default:
                false
            }
        }
    }
}

/// Key bytes in a private allocation that is wiped on deinit.
///
/// `@unchecked Sendable`: the buffer is written only in `init` and wiped only in `deinit`; in between it is
/// only read, so sharing it across threads is safe.
private final class SecretBytes: @unchecked Sendable {
    private let buffer: UnsafeMutableRawBufferPointer

    init(_ bytes: some Collection<UInt8>) {
        buffer = .allocate(byteCount: bytes.count, alignment: 16)
        buffer.copyBytes(from: bytes)
    }

    deinit {
        OPENSSL_cleanse(buffer.baseAddress, buffer.count)
        buffer.deallocate()
    }

    func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        try body(UnsafeRawBufferPointer(buffer))
    }
}
