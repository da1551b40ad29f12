import COpenSSL
import Foundation

/// Cryptographically secure random bytes from OpenSSL's `RAND_bytes`.
public enum SecureRandom {
    /// How `token(bytes:encoding:)` renders its bytes.
    public enum TokenEncoding: Sendable {
        /// URL- and filename-safe base64 (RFC 4648 §5) without padding: 32 bytes give 43 characters.
        case base64URL
        /// Lowercase hexadecimal: 32 bytes give 64 characters.
        case hex
    }

    /// `count` random bytes.
    public static func bytes(_ count: Int) throws(CryptographyError) -> [UInt8] {
        guard count >= 0, count <= Int(Int32.max) else {
            throw CryptographyError(.invalidArgument, "random byte count must be between 0 and \(Int32.max)")
        }
        var output = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return output }
        let status = output.withUnsafeMutableBufferPointer { RAND_bytes($0.baseAddress, Int32(count)) }
        guard status == 1 else {
            ERR_clear_error()
            throw CryptographyError(.randomGenerationFailed, "RAND_bytes failed")
        }
        return output
    }

    /// `count` random bytes as `Data`.
    public static func data(_ count: Int) throws(CryptographyError) -> Data {
        Data(try bytes(count))
    }

    /// A random token (session ids, webhook secrets, one-time codes in links) of `bytes` random bytes.
    public static func token(bytes count: Int = 32, encoding: TokenEncoding = .base64URL) throws(CryptographyError)
        -> String
    {
        let random = try bytes(count)
        switch encoding {
        case .base64URL: return Base64URL.encode(Data(random))
        case .hex: return Hex.encode(random)
        }
    }
}
