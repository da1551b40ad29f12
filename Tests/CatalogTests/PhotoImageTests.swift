@testable import Catalog
import Foundation
import Testing

/// Photos are accepted only as complete JPEG or PNG files: magic bytes, structure and dimensions.
@Suite struct PhotoImageTests {
    @Test func acceptsAPNGAndReadsItsSize() throws {
        let bytes = try TestImages.png(seed: 1, width: 64, height: 48)
        let image = try PhotoImage(validating: bytes)
        #expect(image.format == .png)
        #expect(image.mimeType == "image/png")
        #expect(image.width == 64 && image.height == 48)
        #expect(image.sha256.count == 64)
    }

    @Test(arguments: [TestImages.baselineJPEG, TestImages.progressiveJPEG])
    func acceptsBaselineAndProgressiveJPEGs(bytes: Data) throws {
        let image = try PhotoImage(validating: bytes)
        #expect(image.format == .jpeg)
        #expect(image.width == 32 && image.height == 24)
    }

    @Test(arguments: [
        Data(), Data("hello, this is not a picture".utf8), Data("GIF89a\u{01}\u{00}\u{01}\u{00}".utf8),
        Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), Data([0xFF, 0xD8, 0xFF, 0xD9]),
    ])
    func refusesWhatIsNotAnImage(bytes: Data) {
        #expect(throws: CatalogError.self) { try PhotoImage(validating: bytes) }
    }

    @Test(arguments: [0.1, 0.5, 0.9, 0.99])
    func refusesTruncatedPNGs(fraction: Double) throws {
        let bytes = try TestImages.png(seed: 2, width: 200, height: 150)
        let cut = bytes.prefix(Int(Double(bytes.count) * fraction))
        #expect(throws: CatalogError.self) { try PhotoImage(validating: Data(cut)) }
    }

    @Test(arguments: [0.2, 0.5, 0.8, 0.98])
    func refusesTruncatedJPEGs(fraction: Double) {
        for bytes in [TestImages.baselineJPEG, TestImages.progressiveJPEG] {
            let cut = bytes.prefix(Int(Double(bytes.count) * fraction))
            #expect(throws: CatalogError.self) { try PhotoImage(validating: Data(cut)) }
        }
    }

    @Test func refusesAPNGWithACorruptedChunk() throws {
        var bytes = try TestImages.png(seed: 3, width: 80, height: 60)
        bytes[bytes.count / 2] ^= 0xFF
        #expect(throws: CatalogError.self) { try PhotoImage(validating: bytes) }
    }

    @Test func refusesTinyPictures() throws {
        #expect(throws: CatalogError.self) { try PhotoImage(validating: try TestImages.png(seed: 4, width: 8, height: 8)) }
    }
}
