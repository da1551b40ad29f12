import COpenSSL
import Foundation

/// HMAC (RFC 2104) over OpenSSL.
public enum HMAC {
    /// HMAC-SHA256 of `data` under `key`: 32 bytes.
    public static func sha256(key: Data, data: Data) -> Data {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let result = key.withUnsafeBytes { keyBytes in
            data.withUnsafeBytes { dataBytes in
                withNonNullBase(keyBytes) { keyPointer in
                    withNonNullBase(dataBytes) { dataPointer in
                        COpenSSL.HMAC(EVP_sha256(), keyPointer, Int32(clamping: keyBytes.count),
                                      dataPointer.assumingMemoryBound(to: UInt8.self), dataBytes.count,
                                      &output, &length)
                    }
                }
            }
        }
        // HMAC-SHA256 cannot fail for in-memory input unless OpenSSL itself is broken (no SHA-256 available).
        precondition(result != nil && length == 32, "OpenSSL HMAC-SHA256 failed")
        return Data(output.prefix(Int(length)))
    }

    /// HMAC-SHA256 of the UTF-8 bytes of `message`.
    public static func sha256(key: Data, message: String) -> Data {
        sha256(key: key, data: Data(message.utf8))
    }

    /// Whether `mac` is the HMAC-SHA256 of `data` under `key`, compared in constant time.
    public static func isValidSHA256(_ mac: Data, key: Data, data: Data) -> Bool {
        ConstantTime.equals(sha256(key: key, data: data), mac)
    }
}

/// Runs `body` with a valid pointer even for empty buffers (OpenSSL rejects NULL with length 0 in places).
func withNonNullBase<R>(_ buffer: UnsafeRawBufferPointer, _ body: (UnsafeRawPointer) -> R) -> R {
    if let base = buffer.baseAddress { return body(base) }
    var zero: UInt8 = 0
    return withUnsafePointer(to: &zero) { body(UnsafeRawPointer($0)) }
}
