import Foundation

/// Real image files built in memory, so tests upload genuine bytes without fixtures.
enum TestImages {
    /// A valid PNG (8-bit RGB, uncompressed deflate blocks) of the given size filled with one colour.
    static func png(width: Int, height: Int, red: UInt8 = 200, green: UInt8 = 80, blue: UInt8 = 40) -> Data {
        var raw = Data()
        for _ in 0..<height {
            raw.append(0)  // filter: none
            for _ in 0..<width { raw.append(contentsOf: [red, green, blue]) }
        }
        var zlib = Data([0x78, 0x01])
        var offset = 0
        repeat {
            let chunk = raw[offset..<min(offset + 65_535, raw.count)]
            offset += chunk.count
            let final: UInt8 = offset >= raw.count ? 1 : 0
            let length = UInt16(chunk.count)
            zlib.append(final)
            zlib.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8(~length >> 8)])
            zlib.append(chunk)
        } while offset < raw.count
        zlib.append(bigEndian(adler32(raw)))

        var header = Data()
        header.append(bigEndian(UInt32(width)))
        header.append(bigEndian(UInt32(height)))
        header.append(contentsOf: [8, 2, 0, 0, 0])

        var png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        png.append(chunk("IHDR", header))
        png.append(chunk("IDAT", zlib))
        png.append(chunk("IEND", Data()))
        return png
    }

    /// The start of a baseline JPEG (SOI, APP0/JFIF, SOF0 with the size): enough for header-based checks.
    static func jpegHeader(width: Int, height: Int) -> Data {
        var data = Data([0xFF, 0xD8])
        data.append(contentsOf: [0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
                                 0x00, 0x01, 0x00, 0x00])
        data.append(contentsOf: [0xFF, 0xC0, 0x00, 0x11, 0x08, UInt8(height >> 8), UInt8(height & 0xFF),
                                 UInt8(width >> 8), UInt8(width & 0xFF), 0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01,
                                 0x03, 0x11, 0x01])
        data.append(contentsOf: [0xFF, 0xD9])
        return data
    }

    private static func chunk(_ type: String, _ data: Data) -> Data {
        var chunk = Data()
        chunk.append(bigEndian(UInt32(data.count)))
        let typed = Data(type.utf8) + data
        chunk.append(typed)
        chunk.append(bigEndian(crc32(typed)))
        return chunk
    }

    private static func bigEndian(_ value: UInt32) -> Data {
        Data([UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)])
    }

    private static func adler32(_ data: Data) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        for byte in data {
            a = (a + UInt32(byte)) % 65_521
            b = (b + a) % 65_521
        }
        return b << 16 | a
    }

    private static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
}
