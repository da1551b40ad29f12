import Foundation
import Testing
@testable import Cryptography

/// Test cases 13–16 (AES-256) of McGrew & Viega, "The Galois/Counter Mode of Operation", as used by NIST.
@Suite("AES-256-GCM known answers")
struct AESGCMKnownAnswerTests {
    struct Vector: Sendable, CustomTestStringConvertible {
        var name: String
        var key: String
        var nonce: String
        var plaintext: String
        var associatedData: String
        var ciphertext: String
        var tag: String
        var testDescription: String { name }
    }

    static let vectors: [Vector] = [
        Vector(name: "case 13 (empty)",
               key: String(repeating: "00", count: 32), nonce: String(repeating: "00", count: 12),
               plaintext: "", associatedData: "", ciphertext: "", tag: "530f8afbc74536b9a963b4f1c4cb738b"),
        Vector(name: "case 14 (one zero block)",
               key: String(repeating: "00", count: 32), nonce: String(repeating: "00", count: 12),
               plaintext: String(repeating: "00", count: 16), associatedData: "",
               ciphertext: "cea7403d4d606b6e074ec5d3baf39d18", tag: "d0d1c8a799996bf0265b98b5d48ab919"),
        Vector(name: "case 15 (four blocks)",
               key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
               nonce: "cafebabefacedbaddecaf888",
               plaintext: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                   + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255",
               associatedData: "",
               ciphertext: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                   + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad",
               tag: "b094dac5d93471bdec1a502270e3cc6c"),
        Vector(name: "case 16 (associated data, partial block)",
               key: "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
               nonce: "cafebabefacedbaddecaf888",
               plaintext: "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                   + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
               associatedData: "feedfacedeadbeeffeedfacedeadbeefabaddad2",
               ciphertext: "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                   + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
               tag: "76fc6ece0f4e1768cddf8853bb2d551b"),
    ]

    @Test(arguments: vectors)
    func sealsToTheKnownCiphertextAndTag(vector: Vector) throws {
        let key = try #require(Hex.decode(vector.key))
        let sealed = try key.withUnsafeBytes { keyBytes in
            try AESGCM.seal(key: keyBytes, nonce: #require(Hex.decode(vector.nonce)),
                            plaintext: #require(Hex.decode(vector.plaintext)),
                            associatedData: #require(Hex.decode(vector.associatedData)))
        }
        #expect(Hex.encode(sealed.ciphertext) == vector.ciphertext)
        #expect(Hex.encode(sealed.tag) == vector.tag)
    }

    @Test(arguments: vectors)
    func opensTheKnownCiphertext(vector: Vector) throws {
        let key = try #require(Hex.decode(vector.key))
        let opened = try key.withUnsafeBytes { keyBytes in
            try AESGCM.open(key: keyBytes, nonce: #require(Hex.decode(vector.nonce)),
                            ciphertext: #require(Hex.decode(vector.ciphertext)),
                            tag: #require(Hex.decode(vector.tag)),
                            associatedData: #require(Hex.decode(vector.associatedData)))
        }
        #expect(Hex.encode(opened) == vector.plaintext)
    }

    @Test func keyringSealWithFixedNonceMatchesRawGCMOverTheBoxHeader() throws {
        // The keyring authenticates [version, id length, id] before the caller's associated data.
        let vector = Self.vectors[3]
        let keyBytes = try #require(Hex.decode(vector.key))
        let keyring = Keyring(current: try EncryptionKey(id: "k1", bytes: keyBytes))
        let nonce = try #require(Hex.decode(vector.nonce))
        let plaintext = try #require(Hex.decode(vector.plaintext))
        let box = try keyring.seal(plaintext, associatedData: Data("row-42".utf8), nonce: nonce)

        var aad = Data([1, 2])
        aad.append(Data("k1".utf8))
        aad.append(Data("row-42".utf8))
        let raw = try keyBytes.withUnsafeBytes { bytes in
            try AESGCM.seal(key: bytes, nonce: nonce, plaintext: plaintext, associatedData: aad)
        }
        // CTR mode: the ciphertext does not depend on associated data, only the tag does.
        #expect(Hex.encode(box.ciphertext) == vector.ciphertext)
        #expect(box.tag == raw.tag)
        #expect(box.nonce == nonce)
        #expect(try keyring.open(box, associatedData: Data("row-42".utf8)) == plaintext)
    }
}
