import Foundation

/// AES-256-GCM encryption with key rotation: seals with the current key, opens with whichever key a box names.
///
/// Rotation: put a new key first (`k2:NEW,k1:OLD`), deploy, re-seal stored boxes for which
/// `needsRotation` is true (`reseal`), then drop the old key. Nonces are 12 random bytes per seal, so one key
/// should seal at most about 2^32 boxes.
public struct Keyring: Sendable, CustomStringConvertible {
    public let current: EncryptionKey
    public let previous: [EncryptionKey]

    /// When ids repeat, the first key with an id wins (`parse` rejects repeats).
    public init(current: EncryptionKey, previous: [EncryptionKey] = []) {
        self.current = current
        self.previous = previous
    }

    /// Reads `id:base64key[,id:base64key…]`, current key first, e.g. `k2:q83v…=,k1:7Xb0…=`.
    ///
    /// Keys are 32 bytes in standard or URL-safe base64, padding optional; ids are 1–32 characters of
    /// `A-Za-z0-9._-`; spaces and line breaks around entries are ignored. Errors name the entry's position
    /// only, never its text, so no key material reaches logs.
    public static func parse(environmentValue: String) throws(CryptographyError) -> Keyring {
        let entries = environmentValue.split(separator: ",", omittingEmptySubsequences: false)
        var keys: [EncryptionKey] = []
        for (offset, rawEntry) in entries.enumerated() {
            let position = "keyring entry \(offset + 1) of \(entries.count)"
            let entry = rawEntry.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !entry.isEmpty else {
                throw CryptographyError(.invalidKeyring, "\(position) is empty (expected id:base64key)")
            }
            guard let colon = entry.firstIndex(of: ":") else {
                throw CryptographyError(.invalidKeyring, "\(position) has no key id (expected id:base64key)")
            }
            let id = entry[..<colon].trimmingCharacters(in: .whitespaces)
            let encoded = entry[entry.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard EncryptionKey.isValidId(id) else {
                throw CryptographyError(
                    .invalidKeyring,
                    "\(position) has an invalid key id (1–\(EncryptionKey.maxIdLength) characters of A-Z a-z 0-9 . _ -)")
            }
            guard var bytes = Base64URL.decodeLeniently(encoded) else {
                throw CryptographyError(.invalidKeyring, "\(position): the key is not valid base64")
            }
            defer { bytes.resetBytes(in: 0..<bytes.count) }
            guard bytes.count == EncryptionKey.byteCount else {
                throw CryptographyError(
                    .invalidKeyring,
                    "\(position): the key is \(bytes.count) bytes, AES-256 needs \(EncryptionKey.byteCount)")
            }
            guard !keys.contains(where: { $0.id == id }) else {
                throw CryptographyError(.invalidKeyring, "\(position) repeats the id of an earlier entry")
            }
            do {
                keys.append(try EncryptionKey(id: id, bytes: bytes))
            } catch {
                throw CryptographyError(.invalidKeyring, "\(position): \(error.message)")
            }
        }
        guard let current = keys.first else {
            throw CryptographyError(.invalidKeyring, "the keyring is empty")
        }
        return Keyring(current: current, previous: Array(keys.dropFirst()))
    }

    /// Ids of all keys, current first.
    public var keyIds: [String] { [current.id] + previous.map(\.id) }

    /// The key with `id`, if the keyring holds it.
    public func key(id: String) -> EncryptionKey? {
        if current.id == id { return current }
        return previous.first { $0.id == id }
    }

    /// Encrypts and authenticates `plaintext` (and authenticates `associatedData`, e.g. a row id, which is
    /// not stored: pass the same bytes to `open`) with the current key and a fresh random nonce.
    public func seal(_ plaintext: Data, associatedData: Data = Data()) throws(CryptographyError) -> SealedBox {
        try seal(plaintext, associatedData: associatedData, nonce: SecureRandom.data(AESGCM.nonceByteCount))
    }

    /// Checks and decrypts `box` with the key it names.
    /// Fails with `.unknownKeyId` or `.authenticationFailed` (altered box, wrong associated data).
    public func open(_ box: SealedBox, associatedData: Data = Data()) throws(CryptographyError) -> Data {
        guard let key = key(id: box.keyId) else {
            throw CryptographyError(.unknownKeyId, "no key with id \(box.keyId) in the keyring (ids: \(keyIds.joined(separator: ", ")))")
        }
        let aad = Self.authenticatedData(keyId: box.keyId, associatedData: associatedData)
        return try key.withUnsafeBytes { (keyBytes) throws(CryptographyError) in
            try AESGCM.open(key: keyBytes, nonce: box.nonce, ciphertext: box.ciphertext, tag: box.tag,
                            associatedData: aad)
        }
    }

    /// `open(SealedBox(serialized:))`.
    public func open(serialized: Data, associatedData: Data = Data()) throws(CryptographyError) -> Data {
        try open(SealedBox(serialized: serialized), associatedData: associatedData)
    }

    /// True when `box` was sealed with a key other than the current one.
    public func needsRotation(_ box: SealedBox) -> Bool {
        box.keyId != current.id
    }

    /// Opens `box` and seals the plaintext again with the current key; returns `box` itself when it already
    /// uses the current key.
    public func reseal(_ box: SealedBox, associatedData: Data = Data()) throws(CryptographyError) -> SealedBox {
        guard needsRotation(box) else { return box }
        var plaintext = try open(box, associatedData: associatedData)
        defer { plaintext.resetBytes(in: 0..<plaintext.count) }
        return try seal(plaintext, associatedData: associatedData)
    }

    /// Lists key ids only.
    public var description: String { "Keyring(current: \(current.id), previous: [\(previous.map(\.id).joined(separator: ", "))])" }

    /// Sealing with a caller-chosen nonce: only for known-answer tests. Never reuse a nonce with a key.
    func seal(_ plaintext: Data, associatedData: Data, nonce: Data) throws(CryptographyError) -> SealedBox {
        let aad = Self.authenticatedData(keyId: current.id, associatedData: associatedData)
        let sealed = try current.withUnsafeBytes { (keyBytes) throws(CryptographyError) in
            try AESGCM.seal(key: keyBytes, nonce: nonce, plaintext: plaintext, associatedData: aad)
        }
        return try SealedBox(keyId: current.id, nonce: nonce, ciphertext: sealed.ciphertext, tag: sealed.tag)
    }

    private static func authenticatedData(keyId: String, associatedData: Data) -> Data {
        var aad = SealedBox.header(keyId: keyId)
        aad.append(associatedData)
        return aad
    }
}
