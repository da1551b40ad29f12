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
