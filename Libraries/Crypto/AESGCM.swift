import COpenSSL
import Foundation

/// Raw AES-256-GCM over OpenSSL's EVP interface: 12-byte nonces, 16-byte tags.
/// `Keyring` adds key ids, random nonces and the storage format on top.
enum AESGCM {
    static let nonceByteCount = 12
    static let tagByteCount = 16

    static func seal(
        key: UnsafeRawBufferPointer, nonce: Data, plaintext: Data, associatedData: Data
    ) throws(CryptographyError) -> (ciphertext: Data, tag: Data) {
        try checkSizes(key: key, nonce: nonce, lengths: [plaintext.count, associatedData.count])
        let context = try CipherContext()
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count)
        var tag = [UInt8](repeating: 0, count: tagByteCount)
        let ok: Bool = nonce.withUnsafeBytes { nonceBytes in
            plaintext.withUnsafeBytes { plainBytes in
                associatedData.withUnsafeBytes { aadBytes in
                    ciphertext.withUnsafeMutableBytes { cipherBytes in
                        tag.withUnsafeMutableBytes { tagBytes in
                            let ctx = context.raw
                            guard EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
                                  EVP_CIPHER_CTX_ctrl(ctx, zg_evp_ctrl_gcm_set_ivlen, Int32(nonceByteCount), nil) == 1,
                                  EVP_EncryptInit_ex(ctx, nil, nil, bytes(key), bytes(nonceBytes)) == 1
                            else { return false }
                            var written: Int32 = 0
                            if aadBytes.count > 0 {
                                guard EVP_EncryptUpdate(ctx, nil, &written, bytes(aadBytes), Int32(aadBytes.count)) == 1
                                else { return false }
                            }
                            var produced = 0
                            if plainBytes.count > 0 {
                                guard EVP_EncryptUpdate(ctx, mutableBytes(cipherBytes), &written,
                                                        bytes(plainBytes), Int32(plainBytes.count)) == 1
                                else { return false }
                                produced = Int(written)
                            }
                            var scratch = [UInt8](repeating: 0, count: 16)
                            guard EVP_EncryptFinal_ex(ctx, &scratch, &written) == 1, written == 0,
                                  produced == plainBytes.count,
                                  EVP_CIPHER_CTX_ctrl(ctx, zg_evp_ctrl_gcm_get_tag, Int32(tagByteCount),
                                                      tagBytes.baseAddress) == 1
                            else { return false }
                            return true
                        }
                    }
                }
            }
        }
        guard ok else {
            ERR_clear_error()
            throw CryptographyError(.operationFailed, "AES-256-GCM encryption failed in OpenSSL")
        }
        return (Data(ciphertext), Data(tag))
    }

    static func open(
        key: UnsafeRawBufferPointer, nonce: Data, ciphertext: Data, tag: Data, associatedData: Data
    ) throws(CryptographyError) -> Data {
        try checkSizes(key: key, nonce: nonce, lengths: [ciphertext.count, associatedData.count])
        guard tag.count == tagByteCount else {
            throw CryptographyError(.authenticationFailed, "the authentication tag must be \(tagByteCount) bytes")
        }
        let context = try CipherContext()
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count)
        var expectedTag = [UInt8](tag)
        enum Outcome { case opened, rejected, failed }
        let outcome: Outcome = nonce.withUnsafeBytes { nonceBytes in
            ciphertext.withUnsafeBytes { cipherBytes in
                associatedData.withUnsafeBytes { aadBytes in
                    plaintext.withUnsafeMutableBytes { plainBytes in
                        expectedTag.withUnsafeMutableBytes { tagBytes in
                            let ctx = context.raw
                            guard EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nil, nil, nil) == 1,
                                  EVP_CIPHER_CTX_ctrl(ctx, zg_evp_ctrl_gcm_set_ivlen, Int32(nonceByteCount), nil) == 1,
                                  EVP_DecryptInit_ex(ctx, nil, nil, bytes(key), bytes(nonceBytes)) == 1
                            else { return .failed }
                            var written: Int32 = 0
                            if aadBytes.count > 0 {
                                guard EVP_DecryptUpdate(ctx, nil, &written, bytes(aadBytes), Int32(aadBytes.count)) == 1
                                else { return .failed }
                            }
                            if cipherBytes.count > 0 {
                                guard EVP_DecryptUpdate(ctx, mutableBytes(plainBytes), &written,
                                                        bytes(cipherBytes), Int32(cipherBytes.count)) == 1,
                                      Int(written) == cipherBytes.count
                                else { return .failed }
                            }
                            guard EVP_CIPHER_CTX_ctrl(ctx, zg_evp_ctrl_gcm_set_tag, Int32(tagByteCount),
                                                      tagBytes.baseAddress) == 1
                            else { return .failed }
                            var scratch = [UInt8](repeating: 0, count: 16)
                            // The tag is checked here: any change to nonce, ciphertext, tag or AAD fails.
                            return EVP_DecryptFinal_ex(ctx, &scratch, &written) > 0 ? .opened : .rejected
                        }
                    }
                }
            }
        }
        switch outcome {
        case .opened:
            return Data(plaintext)
        case .rejected:
            ERR_clear_error()
            plaintext.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
            throw CryptographyError(.authenticationFailed,
                                    "authentication failed: wrong key or associated data, or altered data")
        case .failed:
            ERR_clear_error()
            throw CryptographyError(.operationFailed, "AES-256-GCM decryption failed in OpenSSL")
        }
    }

    private static func checkSizes(key: UnsafeRawBufferPointer, nonce: Data, lengths: [Int]) throws(CryptographyError) {
        guard key.count == EncryptionKey.byteCount else {
            throw CryptographyError(.invalidKey, "an AES-256 key must be \(EncryptionKey.byteCount) bytes")
        }
        guard nonce.count == nonceByteCount else {
            throw CryptographyError(.invalidArgument, "an AES-GCM nonce must be \(nonceByteCount) bytes")
        }
        guard lengths.allSatisfy({ $0 <= Int(Int32.max) }) else {
            throw CryptographyError(.invalidArgument, "data larger than 2 GiB cannot be sealed in one piece")
        }
    }

    private static func bytes(_ buffer: UnsafeRawBufferPointer) -> UnsafePointer<UInt8>? {
        buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
    }

    private static func mutableBytes(_ buffer: UnsafeMutableRawBufferPointer) -> UnsafeMutablePointer<UInt8>? {
        buffer.baseAddress?.assumingMemoryBound(to: UInt8.self)
    }
}

/// Owns an `EVP_CIPHER_CTX` for one operation.
private final class CipherContext {
    let raw: OpaquePointer

    init() throws(CryptographyError) {
        guard let raw = EVP_CIPHER_CTX_new() else {
            throw CryptographyError(.operationFailed, "EVP_CIPHER_CTX_new failed")
        }
        self.raw = raw
    }

    deinit {
        EVP_CIPHER_CTX_free(raw)  // also wipes the expanded key schedule
    }
}
