import Cryptography
import Foundation

/// An invite code: 8 characters of Crockford's base32 (no I, L, O, U: nothing to misread), shown as `7K3P-9QXM`.
/// 40 random bits; with throttled attempts and a 7-day life, guessing one is out of reach. Only its SHA-256 is
/// stored.
public struct InviteCode: Sendable, Equatable, CustomStringConvertible {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    static let length = 8

    /// The 8 characters, upper case, no dash.
    public let canonical: String

    /// A fresh random code.
    public static func generate() throws -> InviteCode {
        let bytes = try SecureRandom.bytes(length)
        return InviteCode(canonical: String(bytes.map { alphabet[Int($0) & 31] }))
    }

    /// Reads what a person typed or a deep link carried: case, spaces, dashes and underscores do not matter, and
    /// the letters people confuse with digits are read as those digits (O → 0, I and L → 1). Nil when it cannot be
    /// a code.
    public init?(reading text: String) {
        var characters: [Character] = []
        for character in text.uppercased() {
            switch character {
            case " ", "-", "_", "\u{00A0}": continue
            case "O": characters.append("0")
            case "I", "L": characters.append("1")
            default:
                guard Self.alphabet.contains(character) else { return nil }
                characters.append(character)
            }
        }
        guard characters.count == Self.length else { return nil }
        canonical = String(characters)
    }

    private init(canonical: String) { self.canonical = canonical }

    /// `7K3P-9QXM`.
    public var description: String {
        "\(canonical.prefix(4))-\(canonical.suffix(4))"
    }

    /// What is stored: SHA-256 of the canonical form, hex.
    var hash: String { SHA256.hexHash(data: Data(canonical.utf8)) }
}
