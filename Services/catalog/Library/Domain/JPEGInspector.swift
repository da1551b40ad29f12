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
