import Foundation

/// Decides whether downloaded bytes are a real picture a guest may attach to a review: a JPEG, PNG or WebP
/// (recognised by their magic bytes, not by a file name or MIME type), with readable, sane dimensions, at most
/// ``maximumBytes`` long. Only headers are read; nothing is decoded.
public struct ImageCheck: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable {
        case jpeg, png, webp
    }

    /// Why bytes were refused.
    public enum Problem: Error, Sendable, Equatable {
        /// Not JPEG, PNG or WebP at all (a PDF, a text file, …).
        case notAnImage
        /// The header is one of those formats but its dimensions cannot be read or are out of range.
        case badDimensions
        case tooLarge
        case empty
    }

    /// Telegram's own limit for photos.
    public static let maximumBytes = 10 * 1024 * 1024
    /// Longest accepted side, in pixels (Telegram photos: width + height ≤ 10 000).
    public static let maximumSide = 10_000

    public let format: Format
    public let width: Int
    public let height: Int

    /// Checks `data`; throws the ``Problem`` when it is not an acceptable image.
    public static func check(_ data: Data) throws(Problem) -> ImageCheck {
        guard !data.isEmpty else { throw .empty }
        guard data.count <= maximumBytes else { throw .tooLarge }
        let bytes = [UInt8](data.prefix(256 * 1024))
        let found: (Format, Int, Int)?
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            found = png(bytes)
        } else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) {
            found = jpeg(bytes)
        } else if bytes.count >= 12, Array(bytes[0..<4]) == Array("RIFF".utf8), Array(bytes[8..<12]) == Array("WEBP".utf8) {
            found = webp(bytes)
        } else {
            throw .notAnImage
        }
        guard let (format, width, height) = found, (1...maximumSide).contains(width),
              (1...maximumSide).contains(height) else { throw .badDimensions }
        return ImageCheck(format: format, width: width, height: height)
    }

    private static func png(_ bytes: [UInt8]) -> (Format, Int, Int)? {
        guard bytes.count >= 24, Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        return (.png, bigEndian(bytes, 16, 4), bigEndian(bytes, 20, 4))
    }

    /// Walks the markers up to the first frame header (SOF0…SOF15 except DHT, JPG and DAC).
    private static func jpeg(_ bytes: [UInt8]) -> (Format, Int, Int)? {
        var index = 2
        while index + 4 <= bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            var marker = bytes[index + 1]
            while marker == 0xFF, index + 2 < bytes.count {  // fill bytes
                index += 1
                marker = bytes[index + 1]
            }
            index += 2
            if marker == 0x01 || (0xD0...0xD8).contains(marker) { continue }  // markers without a length
            if marker == 0xD9 || marker == 0xDA { return nil }  // end of image or scan before any frame header
            guard index + 2 <= bytes.count else { return nil }
            let length = bigEndian(bytes, index, 2)
            guard length >= 2 else { return nil }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                guard index + 7 <= bytes.count else { return nil }
                return (.jpeg, bigEndian(bytes, index + 5, 2), bigEndian(bytes, index + 3, 2))
            }
            index += length
        }
        return nil
    }

    /// `VP8 ` (lossy), `VP8L` (lossless) or `VP8X` (extended) as the first chunk.
    private static func webp(_ bytes: [UInt8]) -> (Format, Int, Int)? {
        guard bytes.count >= 30 else { return nil }
        switch String(decoding: bytes[12..<16], as: UTF8.self) {
        case "VP8 ":
            // Frame tag (3 bytes), start code 9D 01 2A, then 14-bit width and height.
            guard bytes[23] == 0x9D, bytes[24] == 0x01, bytes[25] == 0x2A else { return nil }
            return (.webp, littleEndian(bytes, 26, 2) & 0x3FFF, littleEndian(bytes, 28, 2) & 0x3FFF)
        case "VP8L":
            guard bytes[20] == 0x2F else { return nil }
            let bits = littleEndian(bytes, 21, 4)
            return (.webp, (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            return (.webp, littleEndian(bytes, 24, 3) + 1, littleEndian(bytes, 27, 3) + 1)
        default:
            return nil
        }
    }

    private static func bigEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int {
        bytes[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
    }

    private static func littleEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int {
        bytes[offset..<offset + count].reversed().reduce(0) { $0 << 8 | Int($1) }
    }
}
