import COpenSSL
import Foundation

/// Comparisons whose running time does not depend on where the inputs differ (MACs, webhook secrets, tokens).
public enum ConstantTime {
    /// True when both have the same bytes. Only the lengths may leak through timing, never the contents.
    public static func equals(_ lhs: Data, _ rhs: Data) -> Bool {
        guard lhs.count == rhs.count else { return false }
        guard !lhs.isEmpty else { return true }
        return lhs.withUnsafeBytes { left in
            rhs.withUnsafeBytes { right in
                CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
            }
        }
    }

    /// Compares the UTF-8 bytes of two strings (e.g. the `X-Telegram-Bot-Api-Secret-Token` header).
    public static func equals(_ lhs: String, _ rhs: String) -> Bool {
        equals(Data(lhs.utf8), Data(rhs.utf8))
    }
}
