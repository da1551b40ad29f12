import Foundation
import Testing
@testable import Cryptography

@Suite("Keyring sealing, tampering and rotation")
struct KeyringTests {
    static func key(_ id: String, fill: UInt8) throws -> EncryptionKey {
        try EncryptionKey(id: id, bytes: [UInt8](repeating: fill, count: 32))
    }

    @Test func roundTripsPlaintextAndAssociatedData() throws {
        let keyring = Keyring(current: try Self.key("k1", fill: 7))
        let secret = Data("ИИН 900101300123, карта 4400 43•• •••• 1234".utf8)
        let box = try keyring.seal(secret, associatedData: Data("booking:42".utf8))
        #expect(box.keyId == "k1")
        #expect(box.nonce.count == 12)
        #expect(box.tag.count == 16)
        #expect(box.ciphertext.count == secret.count)
        #expect(box.ciphertext != secret)
        #expect(try keyring.open(box, associatedData: Data("booking:42".utf8)) == secret)
        #expect(try keyring.open(serialized: box.serialized, associatedData: Data("booking:42".utf8)) == secret)
    }

    @Test func roundTripsEmptyPlaintext() throws {
        let keyring = Keyring(current: try Self.key("k1", fill: 1))
        let box = try keyring.seal(Data())
        #expect(box.ciphertext.isEmpty)
        #expect(try keyring.open(SealedBox(serialized: box.serialized)) == Data())
    }

    @Test func serializesToTheDocumentedLayout() throws {
        let keyring = Keyring(current: try Self.key("key-2024.1", fill: 3))
        let box = try keyring.seal(Data("hello".utf8))
        let bytes = [UInt8](box.serialized)
        #expect(bytes[0] == 1)
        #expect(Int(bytes[1]) == "key-2024.1".utf8.count)
        #expect(Data(bytes[2..<12]) == Data("key-2024.1".utf8))
        #expect(Data(bytes[12..<24]) == box.nonce)
        #expect(Data(bytes[24..<29]) == box.ciphertext)
        #expect(Data(bytes[29...]) == box.tag)
        #expect(try SealedBox(serialized: box.serialized) == box)
    }

    @Test func rejectsEveryAlteredByte() throws {
        let keyring = Keyring(current: try Self.key("k1", fill: 9))
        let serialized = try keyring.seal(Data("секрет".utf8), associatedData: Data("id=1".utf8)).serialized
        for index in serialized.indices {
            for flip: UInt8 in [0x01, 0x80] {
                var altered = serialized
                altered[index] ^= flip
                #expect(throws: CryptographyError.self, "byte \(index) flipped by \(flip)") {
                    try keyring.open(serialized: altered, associatedData: Data("id=1".utf8))
                }
            }
        }
    }

    @Test func rejectsAlteredCiphertextAndTagWithAuthenticationFailure() throws {
        let keyring = Keyring(current: try Self.key("k1", fill: 9))
        let box = try keyring.seal(Data("payload".utf8))
        var ciphertext = box.ciphertext
        ciphertext[ciphertext.startIndex] ^= 1
        var tag = box.tag
        tag[tag.startIndex + 15] ^= 1
        var nonce = box.nonce
        nonce[nonce.startIndex + 3] ^= 1
        for altered in [
            try SealedBox(keyId: "k1", nonce: box.nonce, ciphertext: ciphertext, tag: box.tag),
            try SealedBox(keyId: "k1", nonce: box.nonce, ciphertext: box.ciphertext, tag: tag),
            try SealedBox(keyId: "k1", nonce: nonce, ciphertext: box.ciphertext, tag: box.tag),
            try SealedBox(keyId: "k1", nonce: box.nonce, ciphertext: box.ciphertext.dropLast(), tag: box.tag),
        ] {
            let error = try #require(throws: CryptographyError.self) { try keyring.open(altered) }
            #expect(error.kind == .authenticationFailed)
        }
    }

    @Test func rejectsWrongAssociatedData() throws {
        let keyring = Keyring(current: try Self.key("k1", fill: 5))
        let box = try keyring.seal(Data("phone +7 701 000 00 00".utf8), associatedData: Data("user:1".utf8))
        for wrong in [Data("user:2".utf8), Data(), Data("user:1 ".utf8)] {
            let error = try #require(throws: CryptographyError.self) {
                try keyring.open(box, associatedData: wrong)
            }
            #expect(error.kind == .authenticationFailed)
        }
    }

    @Test func rejectsABoxRelabelledWithAnotherKnownKeyId() throws {
        // Both keys are the same bytes: only the authenticated key id in the header tells them apart.
        let keyring = Keyring(current: try Self.key("k2", fill: 4), previous: [try Self.key("k1", fill: 4)])
        let box = try keyring.seal(Data("x".utf8))
        let relabelled = try SealedBox(keyId: "k1", nonce: box.nonce, ciphertext: box.ciphertext, tag: box.tag)
        let error = try #require(throws: CryptographyError.self) { try keyring.open(relabelled) }
        #expect(error.kind == .authenticationFailed)
    }

    @Test func opensOldBoxesAfterRotationAndResealsWithTheCurrentKey() throws {
        let oldKey = try Self.key("k1", fill: 1)
        let newKey = try Self.key("k2", fill: 2)
        let before = Keyring(current: oldKey)
        let oldBox = try before.seal(Data("old secret".utf8), associatedData: Data("a".utf8))

        let after = Keyring(current: newKey, previous: [oldKey])
        #expect(after.needsRotation(oldBox))
        #expect(try after.open(oldBox, associatedData: Data("a".utf8)) == Data("old secret".utf8))

        let resealed = try after.reseal(oldBox, associatedData: Data("a".utf8))
        #expect(resealed.keyId == "k2")
        #expect(!after.needsRotation(resealed))
        #expect(try after.reseal(resealed, associatedData: Data("a".utf8)) == resealed)
        #expect(try Keyring(current: newKey).open(resealed, associatedData: Data("a".utf8)) == Data("old secret".utf8))
        #expect(after.keyIds == ["k2", "k1"])
    }

    @Test func failsClearlyForAnUnknownKeyId() throws {
        let old = Keyring(current: try Self.key("k0", fill: 8))
        let box = try old.seal(Data("x".utf8))
        let current = Keyring(current: try Self.key("k2", fill: 2), previous: [try Self.key("k1", fill: 1)])
        let error = try #require(throws: CryptographyError.self) { try current.open(box) }
        #expect(error.kind == .unknownKeyId)
        #expect(error.description.contains("k0"))
    }

    @Test func usesAFreshRandomNonceForEverySeal() throws {
        let keyring = Keyring(current: try Self.key("k1", fill: 6))
        let boxes = try (0..<200).map { _ in try keyring.seal(Data("same plaintext".utf8)) }
        #expect(Set(boxes.map(\.nonce)).count == boxes.count)
        #expect(Set(boxes.map(\.ciphertext)).count == boxes.count)
    }

    @Test func rejectsMalformedSerializedBoxes() throws {
        let keyring = Keyring(current: try Self.key("k1", fill: 6))
        let valid = try keyring.seal(Data("abc".utf8)).serialized
        let cases: [(Data, CryptographyError.Kind)] = [
            (Data(), .malformedSealedBox),
            (Data([1]), .malformedSealedBox),
            (Data([2]) + valid.dropFirst(), .unsupportedVersion),
            (valid.prefix(2 + 2 + 12 + 15), .malformedSealedBox),
            (Data([1, 200]) + valid.dropFirst(2), .malformedSealedBox),
            (Data([1, 0]) + Data(repeating: 0, count: 28), .malformedSealedBox),
        ]
        for (bytes, kind) in cases {
            let error = try #require(throws: CryptographyError.self) { try SealedBox(serialized: bytes) }
            #expect(error.kind == kind)
        }
    }
}
