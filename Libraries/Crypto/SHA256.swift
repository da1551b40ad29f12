import COpenSSL
import Foundation

/// SHA-256 digests (photo checksums, fingerprints).
public enum SHA256 {
    /// The 32-byte digest of `data`.
    public static func hash(data: Data) -> Data {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let status = data.withUnsafeBytes { bytes in
            withNonNullBase(bytes) { pointer in
                EVP_Digest(pointer, bytes.count, &output, &length, EVP_sha256(), nil)
            }
        }
        // Digesting memory cannot fail unless OpenSSL itself is broken (no SHA-256 available).
        precondition(status == 1 && length == 32, "OpenSSL SHA-256 failed")
        return Data(output.prefix(Int(length)))
    }

    /// The digest of `data` as 64 lowercase hexadecimal characters.
    public static func hexHash(data: Data) -> String {
        Hex.encode(hash(data: data))
    }
}
