import Foundation

/// Format and dimensions of an uploaded photo, read from its header (PNG IHDR, JPEG SOFn). The sandbox keeps
/// the bytes as uploaded; it does not decode or re-encode images.
public struct ImageInfo: Sendable, Equatable {
    public enum Format: String, Sendable {
        case png, jpeg

        public var mimeType: String { self == .png ? "image/png" : "image/jpeg" }
        public var fileExtension: String { self == .png ? "png" : "jpg" }
    }

    public let format: Format
    public let width: Int
    public let height: Int

    /// Reads the header; nil when the bytes are not a PNG or JPEG image with sane dimensions.
    public init?(_ data: Data) {
        let bytes = [UInt8](data.prefix(512 * 1024))
        if let png = Self.png(bytes) {
            self = png
        } else if let jpeg = Self.jpeg(bytes) {
            self = jpeg
        } else {
            return nil
        }
    }

    private init(format: Format, width: Int, height: Int) {
        self.format = format
        self.width = width
        self.height = height
    }

    private static func png(_ bytes: [UInt8]) -> ImageInfo? {
        let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        guard bytes.count >= 24, Array(bytes[0..<8]) == signature,
              Array(bytes[12..<16]) == Array("IHDR".utf8) else { return nil }
        let width = bigEndian(bytes, 16, 4)
        let height = bigEndian(bytes, 20, 4)
        guard width > 0, height > 0 else { return nil }
        return ImageInfo(format: .png, width: width, height: height)
    }

    private static func jpeg(_ bytes: [UInt8]) -> ImageInfo? {
        guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { return nil }
        var index = 2
        while index + 4 <= bytes.count {
            guard bytes[index] == 0xFF else { return nil }
            var marker = bytes[index + 1]
            while marker == 0xFF && index + 2 < bytes.count {  // fill bytes
                index += 1
                marker = bytes[index + 1]
            }
            index += 2
            if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }
            if marker == 0xD9 || marker == 0xDA { return nil }  // end of image or scan before any frame header
            guard index + 2 <= bytes.count else { return nil }
            let length = bigEndian(bytes, index, 2)
            guard length >= 2 else { return nil }
            let isFrameHeader = (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
            if isFrameHeader {
                guard index + 7 <= bytes.count else { return nil }
                let height = bigEndian(bytes, index + 3, 2)
                let width = bigEndian(bytes, index + 5, 2)
                guard width > 0, height > 0 else { return nil }
                return ImageInfo(format: .jpeg, width: width, height: height)
            }
            index += length
        }
        return nil
    }

    private static func bigEndian(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> Int {
        var value = 0
        for index in offset..<(offset + count) { value = value << 8 | Int(bytes[index]) }
        return value
    }
}
