import Cryptography
import ServiceRuntime

/// The catalog's own settings, read once at start (besides the ones every service reads).
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `CODES_ENCRYPTION_KEYS` | AES-256 keys for access codes, `k2:<base64>,k1:<base64>`: the first seals, all open (secret) | required |
public struct CatalogConfiguration: Sendable {
    public static let codesKeysVariable = "CODES_ENCRYPTION_KEYS"

    public var keyring: Keyring

    public init(keyring: Keyring) {
        self.keyring = keyring
    }

    /// Throws a `ConfigError` naming the variable; the value (key material) is never repeated.
    public static func load(from reader: ConfigReader) throws -> CatalogConfiguration {
        let text = try reader.required(codesKeysVariable)
        do {
            return CatalogConfiguration(keyring: try Keyring.parse(environmentValue: text))
        } catch {
            // The keyring's messages name entry positions only, never key material.
            throw ConfigError.malformed(codesKeysVariable,
                                        expected: "id:base64key entries, current key first (\(error.message))",
                                        value: nil)
        }
    }
}
