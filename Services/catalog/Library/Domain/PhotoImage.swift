import Cryptography
import Foundation

/// Image bytes that passed validation: a complete JPEG or PNG whose structure was walked to the end and whose
/// dimensions were read from the file itself.
public struct PhotoImage: Sendable, Equatable {
    public enum Format: String, Sendable {
        case jpeg, png

        public var mimeType: String {
            switch self {
            case .jpeg: "image/jpeg"
            case .png: "image/png"
            }
        }
    }

    /// Larger uploads are refused (Telegram itself takes photos up to 10 MB).
    public static let maximumByteCount = 10 * 1024 * 1024
    /// Each side must be within this range, in pixels.
    public static let sideRange: ClosedRange<Int> = 16...10_000

    public let bytes: Data
    public let format: Format
    public let width: Int
    public let height: Int
    /// SHA-256 of `bytes`, lowercase hex.
    public let sha256: String

    public var mimeType: String { format.mimeType }

    /// Validates `bytes` by magic number and by parsing the file (PNG: every chunk with its CRC up to IEND;
    /// JPEG: every segment up to SOS, then the scan up to EOI). Throws ``CatalogError/invalidPhoto(_:)``.
    public init(validating bytes: Data) throws(CatalogError) {
        guard !bytes.isEmpty else { throw .invalidPhoto("empty file") }
        guard bytes.count <= Self.maximumByteCount else {
            throw .invalidPhoto("larger than \(Self.maximumByteCount / 1024 / 1024) MB")
        }
        let buffer = [UInt8](bytes)
        let size: (width: Int, height: Int)
        if buffer.starts(with: PNGInspector.signature) {
            format = .png
            size = try PNGInspector.dimensions(buffer)
        } else if buffer.starts(with: JPEGInspector.signature) {
            format = .jpeg
            size = try JPEGInspector.dimensions(buffer)
        } else {
            throw .invalidPhoto("not a JPEG or PNG file")
        }
        guard Self.sideRange.contains(size.width), Self.sideRange.contains(size.height) else {
            throw .invalidPhoto("\(size.width)×\(size.height) pixels; each side must be \(Self.sideRange.lowerBound)…\(Self.sideRange.upperBound)")
        }
        self.bytes = bytes
        width = size.width
        height = size.height
        sha256 = SHA256.hexHash(data: bytes)
    }
}

/// Reads a PNG file's structure (ISO/IEC 15948): signature, IHDR first, chunks with valid lengths and CRCs,
/// at least one IDAT, IEND last.
enum PNGInspector {
    static let signature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

    static func dimensions(_ bytes: [UInt8]) throws(CatalogError) -> (width: Int, height: Int) {
        var offset = signature.count
        var size: (width: Int, height: Int)?
        var sawImageData = false
        while true {
            guard offset + 12 <= bytes.count else { throw .invalidPhoto("truncated PNG (chunk header)") }
            let length = Int(readUInt32(bytes, offset))
            let typeStart = offset + 4
            let dataStart = offset + 8
            guard length <= Int(Int32.max), dataStart + length + 4 <= bytes.count else {
                throw .invalidPhoto("truncated PNG (chunk data)")
            }
            let type = String(decoding: bytes[typeStart..<dataStart], as: UTF8.self)
            let storedCRC = readUInt32(bytes, dataStart + length)
            guard CRC32.checksum(bytes[typeStart..<(dataStart + length)]) == storedCRC else {
                throw .invalidPhoto("corrupt PNG (CRC mismatch in \(type))")
            }
            if size == nil {
                guard type == "IHDR", length == 13 else { throw .invalidPhoto("PNG without IHDR first") }
                size = (Int(readUInt32(bytes, dataStart)), Int(readUInt32(bytes, dataStart + 4)))
            }
            if type == "IDAT" { sawImageData = true }
            offset = dataStart + length + 4
            if type == "IEND" { break }
        }
        guard sawImageData, let size else { throw .invalidPhoto("PNG without image data") }
        return size
    }

    private static func readUInt32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16 | UInt32(bytes[offset + 2]) << 8
            | UInt32(bytes[offset + 3])
    }
}

/// Reads a JPEG file's structure (ITU T.81): SOI, marker segments with valid lengths, a start-of-frame with the
/// dimensions, a scan, and EOI at the end of the entropy-coded data.
enum JPEGInspector {
    static let signature: [UInt8] = [0xFF, 0xD8, 0xFF]

    static func dimensions(_ bytes: [UInt8]) throws(CatalogError) -> (width: Int, height: Int) {
        var offset = 2
        var size: (width: Int, height: Int)?
        while true {
            // Markers may be preceded by fill bytes 0xFF.
            guard offset + 1 < bytes.count, bytes[offset] == 0xFF else {
                throw .invalidPhoto("truncated or corrupt JPEG (expected a marker)")
            }
            while offset + 1 < bytes.count, bytes[offset + 1] == 0xFF { offset += 1 }
            guard offset + 1 < bytes.count else { throw .invalidPhoto("truncated JPEG") }
            let marker = bytes[offset + 1]
            offset += 2
            switch marker {
            case 0xD9:
                throw .invalidPhoto("JPEG ends before any image data")
            case 0x01, 0xD0...0xD7:
                continue  // standalone markers without a length
            default:
                break
            }
            guard offset + 2 <= bytes.count else { throw .invalidPhoto("truncated JPEG (segment length)") }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            guard length >= 2, offset + length <= bytes.count else { throw .invalidPhoto("truncated JPEG (segment)") }
            if isStartOfFrame(marker) {
                guard length >= 7 else { throw .invalidPhoto("corrupt JPEG (short frame header)") }
                let height = Int(bytes[offset + 3]) << 8 | Int(bytes[offset + 4])
                let width = Int(bytes[offset + 5]) << 8 | Int(bytes[offset + 6])
                size = (width, height)
            }
            offset += length
            if marker == 0xDA {
                guard let size else { throw .invalidPhoto("JPEG scan before its frame header") }
                guard try endsWithEOI(bytes, scanStart: offset) else { throw .invalidPhoto("truncated JPEG (no EOI)") }
                return size
            }
        }
    }

    /// SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    private static func isStartOfFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    /// Walks entropy-coded data (and any further scans of a progressive JPEG) up to EOI.
    private static func endsWithEOI(_ bytes: [UInt8], scanStart: Int) throws(CatalogError) -> Bool {
        var offset = scanStart
        while offset + 1 < bytes.count {
            guard bytes[offset] == 0xFF else {
                offset += 1
                continue
            }
            let next = bytes[offset + 1]
            switch next {
            case 0x00, 0xFF, 0xD0...0xD7:
                offset += next == 0xFF ? 1 : 2  // stuffed byte, fill byte, restart marker
            case 0xD9:
                return true
            default:
                // Another segment between scans (DHT, SOS, …): skip it by its length.
                guard offset + 4 <= bytes.count else { return false }
                let length = Int(bytes[offset + 2]) << 8 | Int(bytes[offset + 3])
                guard length >= 2 else { throw .invalidPhoto("corrupt JPEG (segment length)") }
                offset += 2 + length
            }
        }
        return false
    }
}

/// CRC-32 (ISO 3309, as PNG uses it).
enum CRC32 {
    private static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 == 1 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
