import Foundation
import Testing
import Cryptography

@Suite("HMAC, SHA-256, constant-time comparison and random tokens")
struct DigestTests {
    /// RFC 4231 test cases 1, 2, 4 and 6 (HMAC-SHA-256).
    @Test(arguments: [
        (String(repeating: "0b", count: 20), Hex.encode(Data("Hi There".utf8)),
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (Hex.encode(Data("Jefe".utf8)), Hex.encode(Data("what do ya want for nothing?".utf8)),
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        ("0102030405060708090a0b0c0d0e0f10111213141516171819", String(repeating: "cd", count: 50),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b"),
        (String(repeating: "aa", count: 131),
         Hex.encode(Data("Test Using Larger Than Block-Size Key - Hash Key First".utf8)),
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
    ])
    func hmacSHA256MatchesRFC4231(key: String, data: String, expected: String) throws {
        let mac = HMAC.sha256(key: try #require(Hex.decode(key)), data: try #require(Hex.decode(data)))
        #expect(Hex.encode(mac) == expected)
        #expect(HMAC.isValidSHA256(mac, key: try #require(Hex.decode(key)), data: try #require(Hex.decode(data))))
    }

    @Test func hmacRejectsAnAlteredMessage() {
        let key = Data("webhook-secret".utf8)
        let mac = HMAC.sha256(key: key, message: "{\"amount\":15000}")
        #expect(!HMAC.isValidSHA256(mac, key: key, data: Data("{\"amount\":150000}".utf8)))
        #expect(HMAC.sha256(key: Data(), data: Data()).count == 32)
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func sha256MatchesKnownDigests(input: String, expected: String) {
        #expect(SHA256.hexHash(data: Data(input.utf8)) == expected)
        #expect(SHA256.hash(data: Data(input.utf8)) == Hex.decode(expected))
    }

    @Test func constantTimeEqualityComparesContentAndLength() {
        #expect(ConstantTime.equals(Data([1, 2, 3]), Data([1, 2, 3])))
        #expect(!ConstantTime.equals(Data([1, 2, 3]), Data([1, 2, 4])))
        #expect(!ConstantTime.equals(Data([1, 2, 3]), Data([1, 2])))
        #expect(ConstantTime.equals(Data(), Data()))
        #expect(ConstantTime.equals("секрет", "секрет"))
        #expect(!ConstantTime.equals("секрет", "секреТ"))
        #expect(ConstantTime.equals(Data([9, 9, 9]).dropFirst(), Data([9, 9])))
    }

    @Test func producesRandomBytesAndTokens() throws {
        #expect(try SecureRandom.bytes(0).isEmpty)
        #expect(try SecureRandom.bytes(64).count == 64)
        #expect(try SecureRandom.bytes(32) != SecureRandom.bytes(32))
        #expect(throws: CryptographyError.self) { try SecureRandom.bytes(-1) }

        let token = try SecureRandom.token()
        #expect(token.count == 43)
        #expect(token.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") })
        let hex = try SecureRandom.token(bytes: 16, encoding: .hex)
        #expect(hex.count == 32)
        #expect(Hex.decode(hex)?.count == 16)
        let tokens = try Set((0..<100).map { _ in try SecureRandom.token(bytes: 16) })
        #expect(tokens.count == 100)
    }

    @Test func hexRoundTripsAndRejectsGarbage() {
        #expect(Hex.encode([0x00, 0xAB, 0xff]) == "00abff")
        #expect(Hex.decode("00ABff") == Data([0x00, 0xAB, 0xFF]))
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }
}
