import Foundation
import Testing
@testable import Database

@Suite struct TextFormatTests {
    @Test func formatsTimestampsInUTCWithMicroseconds() {
        let date = Date(timeIntervalSince1970: 1_714_979_289.123456)
        #expect(PostgresTimestamp.format(date) == "2024-05-06 07:08:09.123456+00")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01 00:00:00.000000+00")
        #expect(PostgresTimestamp.format(Date(timeIntervalSince1970: -1.5)) == "1969-12-31 23:59:58.500000+00")
    }

    @Test(arguments: [
        ("2024-05-06 07:08:09.123456+00", 1_714_979_289.123456),
        ("2024-05-06 12:38:09.123456+05:30", 1_714_979_289.123456),
        ("2024-05-06 07:08:09+00", 1_714_979_289.0),
        ("2024-05-06 07:08:09.5", 1_714_979_289.5),
        ("2024-05-06", 1_714_953_600.0),
        ("1969-12-31 23:59:58.5+00", -1.5),
        ("2024-05-06T07:08:09.123456Z", 1_714_979_289.123456),
    ])
    func parsesTimestampText(text: String, seconds: Double) throws {
        let date = try #require(PostgresTimestamp.parse(text))
        #expect(date == Date(timeIntervalSince1970: seconds))
    }

    @Test func timestampsRoundTripThroughText() throws {
        for seconds in [0.000001, 1_714_979_289.999999, -62_135_596_800.0, 253_402_300_799.999999, 1.0e9 + 0.000123] {
            let date = Date(timeIntervalSince1970: seconds)
            let parsed = try #require(PostgresTimestamp.parse(PostgresTimestamp.format(date)))
            #expect(parsed == date, "\(seconds)")
        }
    }

    @Test func rejectsMalformedTimestamps() {
        for text in ["", "2024", "2024-13-01", "2024-05-06 7:08:09", "2024-05-06 07:08:09+", "yesterday"] {
            #expect(PostgresTimestamp.parse(text) == nil, "\(text)")
        }
    }

    @Test func parsesArrayLiterals() {
        #expect(PostgresArray.parse("{}") == [])
        #expect(PostgresArray.parse("{a,b}") == ["a", "b"])
        #expect(PostgresArray.parse(#"{"a b","c,d","e\"f","g\\h",NULL,""}"#) == ["a b", "c,d", "e\"f", "g\\h", nil, ""])
        #expect(PostgresArray.parse("[0:1]={1,2}") == ["1", "2"])
        #expect(PostgresArray.parse("{{1,2},{3,4}}") == nil)
        #expect(PostgresArray.parse("{\"open}") == nil)
    }

    @Test func parsesByteaHex() {
        #expect(PostgresText.parseByteaHex("\\x00ff10") == Data([0, 255, 16]))
        #expect(PostgresText.parseByteaHex("\\x") == Data())
        #expect(PostgresText.parseByteaHex("00ff") == nil)
        #expect(PostgresText.parseByteaHex("\\x0g") == nil)
    }

    @Test func sha256MatchesKnownVectors() {
        #expect(SHA256.hex("".utf8) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = String(repeating: "a", count: 1_000)
        #expect(SHA256.hex(long.utf8) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}
