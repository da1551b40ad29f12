import Contracts
import Foundation
import Testing

/// The review messages are pinned by their golden files (`Golden/catalog.review*.json`).
@Suite struct ReviewContractsTests {
    static let messageId = UUID(uuidString: "5A0C4E21-7B3D-4F1A-9C2E-6D8B0A1F3E57")!
    static let occurredAt = ContractsCoding.parseInstant("2026-12-20T10:00:00.500Z")!
    static let reviewId = UUID(uuidString: "7E1D2C3B-4A59-4867-9F10-A1B2C3D4E5F6")!
    static let apartmentId = UUID(uuidString: "11111111-2222-4333-8444-555555555555")!
    static let bookingId = UUID(uuidString: "AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE")!
    static let photo = ReviewPhotoRef(fileId: "AgACAgIAAxkBAAIB", fileUniqueId: "AQADx7Ex")
    static let review = Review(reviewId: reviewId, apartmentId: apartmentId, bookingId: bookingId, guestId: 5001,
                               rating: 5, text: "Чисто, уютно, рядом метро.", photos: [photo],
                               publishedAt: ContractsCoding.parseInstant("2026-12-20T09:59:59.000Z")!)

    /// Requests come from the gateway, replies and events from the catalog.
    func check<M: Message>(_ message: M, from producer: ServiceName = .catalog) throws {
        let envelope = Envelope(message, producer: producer, messageId: Self.messageId, occurredAt: Self.occurredAt)
        let golden = try GoldenMessageTests.golden(M.messageType)
        let encoded = try ContractsCoding.encoder.encode(envelope)
        #expect(String(decoding: encoded, as: UTF8.self) == String(decoding: golden, as: UTF8.self))
        #expect(try RawEnvelope(body: golden).decode(M.self) == envelope)
    }

    @Test func submitReviewMatchesItsGoldenFiles() throws {
        try check(SubmitReview(bookingId: Self.bookingId, guestId: 5001, rating: 5, text: "Чисто, уютно, рядом метро.",
                               photos: [Self.photo]), from: .gateway)
        try check(ReviewSubmission.published(Self.review))
    }

    @Test func eligibilityMatchesItsGoldenFiles() throws {
        try check(GetReviewEligibility(bookingId: Self.bookingId, guestId: 5001), from: .gateway)
        try check(ReviewEligibility(eligible: false, reason: .alreadyReviewed,
                                    reviewableUntil: ContractsCoding.parseInstant("2027-01-15T07:00:00.000Z")))
    }

    @Test func listReviewsMatchesItsGoldenFiles() throws {
        try check(ListReviews(apartmentId: Self.apartmentId, page: 1), from: .gateway)
        try check(ReviewPage(apartmentId: Self.apartmentId, reviews: [Self.review], total: 11, page: 1, pageSize: 10,
                             pageCount: 2, ratingAverage: 4.36, ratingCount: 11))
    }

    @Test func hideReviewMatchesItsGoldenFiles() throws {
        try check(HideReview(reviewId: Self.reviewId, superadminId: 1, reason: "оскорбления"), from: .gateway)
        try check(ReviewHiding(result: .hidden))
    }

    @Test func reviewEventsMatchTheirGoldenFiles() throws {
        try check(ReviewPublished(reviewId: Self.reviewId, apartmentId: Self.apartmentId, bookingId: Self.bookingId,
                                  guestId: 5001, realtorId: 1001, rating: 5, occurredAt: Self.occurredAt))
        try check(ReviewHidden(reviewId: Self.reviewId, apartmentId: Self.apartmentId, bookingId: Self.bookingId,
                               guestId: 5001, realtorId: 1001, rating: 5, hiddenBy: 1, reason: "оскорбления",
                               occurredAt: Self.occurredAt))
    }

    @Test func aRefusalCarriesOnlyItsReason() throws {
        let encoded = try ContractsCoding.encoder.encode(ReviewSubmission.notEligible(.tooLate))
        #expect(String(decoding: encoded, as: UTF8.self) == #"{"reason":"too_late","result":"not_eligible"}"#)
        let minimal = try ContractsCoding.decoder.decode(SubmitReview.self,
            from: Data(#"{"bookingId":"AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE","guestId":7,"photos":[],"rating":3,"text":""}"#.utf8))
        #expect(minimal == SubmitReview(bookingId: Self.bookingId, guestId: 7, rating: 3))
    }
}
