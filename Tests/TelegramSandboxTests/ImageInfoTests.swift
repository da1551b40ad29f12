import Foundation
import Testing
@testable import TelegramSandbox

@Suite struct ImageInfoTests {
    @Test func readsPNGDimensions() throws {
        let info = try #require(ImageInfo(TestImages.png(width: 640, height: 480)))
        #expect(info == ImageInfo(TestImages.png(width: 640, height: 480)))
        #expect(info.format == .png)
        #expect(info.width == 640 && info.height == 480)
    }

    @Test func readsJPEGDimensions() throws {
        let info = try #require(ImageInfo(TestImages.jpegHeader(width: 1280, height: 853)))
        #expect(info.format == .jpeg)
        #expect(info.width == 1280 && info.height == 853)
    }

    @Test func refusesWhatIsNotAnImage() {
        #expect(ImageInfo(Data("GIF89a not supported".utf8)) == nil)
        #expect(ImageInfo(Data("%PDF-1.7".utf8)) == nil)
        #expect(ImageInfo(Data()) == nil)
        #expect(ImageInfo(Data([0x89, 0x50, 0x4E, 0x47])) == nil)
    }
}
