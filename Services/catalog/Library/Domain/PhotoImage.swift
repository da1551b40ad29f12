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
