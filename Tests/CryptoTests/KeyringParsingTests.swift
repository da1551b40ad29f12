import Foundation
import Testing
@testable import Cryptography

@Suite("Keyring environment values")
struct KeyringParsingTests {
    static let newKey = Data((0..<32).map { UInt8($0) })
    static let oldKey = Data((0..<32).map { UInt8(255 - $0) })

    @Test func parsesCurrentKeyFirstThenPreviousOnes() throws {
        let value = "k2:\(Self.newKey.base64EncodedString()), k1:\(Self.oldKey.base64EncodedString())\n"
        let keyring = try Keyring.parse(environmentValue: value)
        #expect(keyring.current.id == "k2")
        #expect(keyring.previous.map(\.id) == ["k1"])

        // The parsed keys are the given bytes: a box sealed with known bytes opens.
        let box = try Keyring(current: try EncryptionKey(id: "k1", bytes: Self.oldKey)).seal(Data("x".utf8))
        #expect(try keyring.open(box) == Data("x".utf8))
    }

    @Test func acceptsURLSafeBase64WithoutPadding() throws {
        let urlSafe = Self.oldKey.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let keyring = try Keyring.parse(environmentValue: "only:\(urlSafe)")
        #expect(keyring.current.id == "only")
        #expect(keyring.previous.isEmpty)
    }

    @Test func roundTripsAGeneratedKeyThroughItsEnvironmentEntry() throws {
        let key = try EncryptionKey.generate(id: "gen-1")
        let keyring = try Keyring.parse(environmentValue: key.environmentEntry)
        let box = try Keyring(current: key).seal(Data("y".utf8))
        #expect(try keyring.open(box) == Data("y".utf8))
    }

    @Test(arguments: [
        "",
        " , ",
        "k1",
        "k1:",
        ":AAAA",
        "k1:not*base64!",
        "k1:AAECAwQFBgcICQoLDA0ODw==",
        "k1:\(newKey.base64EncodedString()),",
        "k1:\(newKey.base64EncodedString()),k1:\(oldKey.base64EncodedString())",
        "bad id:\(newKey.base64EncodedString())",
        "\(newKey.base64EncodedString()):\(oldKey.base64EncodedString())",
    ])
    func rejectsMalformedValuesWithoutEchoingThem(value: String) throws {
        let error = try #require(throws: CryptographyError.self) { try Keyring.parse(environmentValue: value) }
        #expect(error.kind == .invalidKeyring)
        let text = "\(error) \(String(reflecting: error)) \(error.message)"
        for secret in [Self.newKey.base64EncodedString(), Self.oldKey.base64EncodedString(),
                       "AAECAwQFBgcICQoLDA0ODw", "not*base64!", String(Self.newKey.base64EncodedString().prefix(8))] {
            #expect(!text.contains(secret))
        }
    }

    @Test func keysNeverShowTheirBytes() throws {
        let key = try EncryptionKey(id: "k1", bytes: Self.newKey)
        let keyring = Keyring(current: key)
        var dumped = ""
        dump(key, to: &dumped)
        dump(keyring, to: &dumped)
        let texts = [String(describing: key), String(reflecting: key), "\(keyring)", String(reflecting: keyring), dumped]
        for text in texts {
            #expect(!text.contains(Self.newKey.base64EncodedString()))
            #expect(!text.contains(Hex.encode(Self.newKey)))
            #expect(!text.contains("0, 1, 2, 3"))
        }
        #expect(String(describing: key).contains("k1"))
    }

    @Test func rejectsKeysOfTheWrongSizeOrWithBadIDs() {
        #expect(throws: CryptographyError.self) { try EncryptionKey(id: "k1", bytes: [UInt8](repeating: 0, count: 16)) }
        #expect(throws: CryptographyError.self) { try EncryptionKey(id: "", bytes: [UInt8](repeating: 0, count: 32)) }
        #expect(throws: CryptographyError.self) {
            try EncryptionKey(id: String(repeating: "k", count: 33), bytes: [UInt8](repeating: 0, count: 32))
        }
        #expect(throws: CryptographyError.self) { try EncryptionKey(id: "ключ", bytes: [UInt8](repeating: 0, count: 32)) }
    }
}
