import Contracts
import Foundation
@testable import Gateway
import Presentation
import Testing

@Suite struct ImageCheckTests {
    @Test func readsPNGDimensions() throws {
        let image = try ImageCheck.check(ReviewFixtures.png(width: 1280, height: 960))
        #expect(image == ImageCheck(format: .png, width: 1280, height: 960))
    }

    @Test func readsJPEGDimensionsPastOtherSegments() throws {
        // SOI, APP0 (JFIF, length 16), SOF0 of 600×400.
        var bytes: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF\0".utf8) + [1, 1, 0, 0, 1, 0, 1, 0, 0]
        bytes += [0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x90, 0x02, 0x58, 0x03] + [UInt8](repeating: 0, count: 9)
        let image = try ImageCheck.check(Data(bytes))
        #expect(image == ImageCheck(format: .jpeg, width: 600, height: 400))
    }

    @Test func readsTheThreeWebPKinds() throws {
        func riff(_ chunk: String, _ payload: [UInt8]) -> Data {
            Data(Array("RIFF".utf8) + [0, 0, 0, 0] + Array("WEBP".utf8) + Array(chunk.utf8) + [0, 0, 0, 0] + payload
                 + [UInt8](repeating: 0, count: 16))
        }
        // VP8: frame tag, start code, 14-bit width/height little endian (320×200).
        let lossy = riff("VP8 ", [0, 0, 0, 0x9D, 0x01, 0x2A, 0x40, 0x01, 0xC8, 0x00])
        #expect(try ImageCheck.check(lossy) == ImageCheck(format: .webp, width: 320, height: 200))
        // VP8L: signature 0x2F, then (width-1) | (height-1) << 14 in 28 bits: 100×50.
        let bits = UInt32(99) | UInt32(49) << 14
        let lossless = riff("VP8L", [0x2F, UInt8(bits & 0xFF), UInt8(bits >> 8 & 0xFF), UInt8(bits >> 16 & 0xFF),
                                     UInt8(bits >> 24 & 0xFF)])
        #expect(try ImageCheck.check(lossless) == ImageCheck(format: .webp, width: 100, height: 50))
        // VP8X: flags (4 bytes), canvas width-1 and height-1 in 24 bits: 2000×1000.
        let extended = riff("VP8X", [0, 0, 0, 0, 0xCF, 0x07, 0x00, 0xE7, 0x03, 0x00])
        #expect(try ImageCheck.check(extended) == ImageCheck(format: .webp, width: 2000, height: 1000))
    }

    @Test func refusesWhatIsNotAnImage() {
        #expect(throws: ImageCheck.Problem.notAnImage) { try ImageCheck.check(Data("%PDF-1.7\n…".utf8)) }
        #expect(throws: ImageCheck.Problem.notAnImage) { try ImageCheck.check(Data("просто текст".utf8)) }
        #expect(throws: ImageCheck.Problem.notAnImage) { try ImageCheck.check(Data([0x47, 0x49, 0x46, 0x38, 0x39, 0x61])) }
        #expect(throws: ImageCheck.Problem.empty) { try ImageCheck.check(Data()) }
    }

    @Test func refusesBrokenOrAbsurdDimensionsAndHugeFiles() {
        #expect(throws: ImageCheck.Problem.badDimensions) { try ImageCheck.check(ReviewFixtures.png(width: 0, height: 10)) }
        #expect(throws: ImageCheck.Problem.badDimensions) {
            try ImageCheck.check(ReviewFixtures.png(width: 20_000, height: 10))
        }
        #expect(throws: ImageCheck.Problem.badDimensions) { try ImageCheck.check(ReviewFixtures.png().prefix(20)) }
        // A JPEG that ends before any frame header.
        #expect(throws: ImageCheck.Problem.badDimensions) { try ImageCheck.check(Data([0xFF, 0xD8, 0xFF, 0xD9])) }
        var huge = ReviewFixtures.png()
        huge.append(Data(count: ImageCheck.maximumBytes))
        #expect(throws: ImageCheck.Problem.tooLarge) { try ImageCheck.check(huge) }
    }
}

@Suite struct ReviewCallbackDataTests {
    static let booking = UUID(uuidString: "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0")!
    static let apartment = UUID(uuidString: "11111111-2222-3333-4444-555555555555")!

    static let all: [CallbackData] = [
        .reviewStart(booking), .reviews(apartmentId: apartment, page: 1), .reviews(apartmentId: apartment, page: 100_000),
        .reviewPhotos(apartmentId: apartment, page: 99_999, index: 9), .reviewPublish(booking), .reviewRating(1),
        .reviewRating(5), .reviewSkipText, .reviewCancel,
    ]

    @Test(arguments: all)
    func packsWithinSixtyFourBytesAndRoundTrips(data: CallbackData) {
        #expect(data.packed.utf8.count <= CallbackData.maximumBytes)
        #expect(CallbackData(packed: data.packed) == data)
    }

    /// The formats other services (the notifier) send.
    @Test func fixedFormatsForOtherServices() {
        #expect(CallbackData.reviewStart(Self.booking).packed == "v:new:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
        #expect(CallbackData.reviews(apartmentId: Self.apartment, page: 2).packed
            == "v:ls:11111111-2222-3333-4444-555555555555:2")
        #expect(CallbackData(packed: "v:new:0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0") == .reviewStart(Self.booking))
        #expect(CallbackData.reviewStart(Self.booking).isReviewBound)
        #expect(CallbackData.reviews(apartmentId: Self.apartment, page: 1).isReviewBound)
        #expect(CallbackData.reviewRating(3).isReviewStep && !CallbackData.reviewRating(3).isReviewBound)
    }

    @Test(arguments: ["v:", "v:new", "v:new:x", "v:ls:11111111-2222-3333-4444-555555555555", "v:ls:11111111-2222-3333-4444-555555555555:0",
                      "v:ls:11111111-2222-3333-4444-555555555555:100001", "v:ls:11111111-2222-3333-4444-555555555555:-1",
                      "v:ph:11111111-2222-3333-4444-555555555555:1:50", "v:r:0", "v:r:6", "v:r:x", "v:skip:1",
                      "v:pub:", "v:other"])
    func refusesMalformedReviewData(text: String) {
        #expect(CallbackData(packed: text) == nil)
    }
}

@Suite struct ReviewTextsTests {
    static func review(_ rating: Int, text: String, photos: Int = 0, at instant: Date) -> Review {
        Review(reviewId: UUID(), apartmentId: UUID(), bookingId: UUID(), guestId: 1, rating: rating, text: text,
               photos: (0..<photos).map { ReviewPhotoRef(fileId: "f\($0)", fileUniqueId: "u\($0)") },
               publishedAt: instant)
    }

    @Test func pageShowsPositionNumbersStarsGuestDateAndEscapedText() {
        // 2026-11-12 20:30 UTC is 13.11 01:30 in Kazakhstan (UTC+5).
        let instant = Date(timeIntervalSince1970: 1_794_515_400)
        let page = ReviewPage(apartmentId: UUID(), reviews: [
            Self.review(5, text: "Отлично <3 & чисто", photos: 2, at: instant),
            Self.review(2, text: "", at: instant),
        ], total: 12, page: 1, pageSize: 10, pageCount: 2, ratingAverage: 4.3, ratingCount: 12)
        #expect(Texts.reviewsPage(page) == """
            Отзывы · ★ 4.3 · 12 отзывов
            Стр. 2 из 2

            11. ⭐⭐⭐⭐⭐ · Гость, 13.11.2026
            Отлично &lt;3 &amp; чисто
            📷 2 фото

            12. ⭐⭐ · Гость, 13.11.2026
            """)
    }

    @Test func longTextsAreShortenedSoTenReviewsFitOneMessage() {
        let long = Self.review(4, text: String(repeating: "я", count: SubmitReview.maximumTextLength), at: Date())
        let page = ReviewPage(apartmentId: UUID(), reviews: Array(repeating: long, count: 10), total: 10, page: 0,
                              pageSize: 10, pageCount: 1, ratingAverage: 4, ratingCount: 10)
        #expect(Texts.reviewsPage(page).count < 4096)
        #expect(Texts.reviewEntry(long, number: 1).hasSuffix("…"))
    }

    @Test func everyRefusalHasItsOwnText() {
        let texts = Set(ReviewIneligibility.allCases.filter { $0 != .notYourBooking }.map(Texts.reviewRefusal))
        #expect(texts.count == ReviewIneligibility.allCases.count - 1)
        // Someone else's booking reads like a missing one: nothing is revealed.
        #expect(Texts.reviewRefusal(.notYourBooking) == Texts.reviewRefusal(.notFound))
    }
}
