@testable import Catalog
import Contracts
import Database
import Foundation
import Messaging
import TestSupport
import Testing

/// Reviews of finished stays (PRODUCT.md scenario 5) against a real PostgreSQL, with booking's answers from
/// ``StubBookings``.
@Suite struct ReviewTests {
    func card(_ catalog: CatalogFixture, _ apartment: UUID) async throws -> ApartmentCard {
        try await catalog.queries().card(GetApartmentCard(apartmentId: apartment))
    }

    func reviewCount(_ catalog: CatalogFixture) async throws -> Int {
        Int(try await catalog.pool.queryFirst("SELECT count(*) AS n FROM reviews")?.decode("n", as: Int64.self) ?? 0)
    }

    @Test func anEligibleReviewIsPublishedAndTheCardChangesAtOnce() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment()
            let first = ReviewFixtures.booking(apartment: apartment.id, guest: 5001)
            let second = ReviewFixtures.booking(apartment: apartment.id, guest: 5002)
            let reviews = catalog.reviews([first, second])
            #expect(try await card(catalog, apartment.id).ratingCount == 0)
            #expect(try await reviews.eligibility(GetReviewEligibility(bookingId: first.bookingId, guestId: 5001))
                == ReviewEligibility(eligible: true, reviewableUntil: first.checkOut.addingTimeInterval(30 * 86_400)))

            let photo = ReviewPhotoRef(fileId: "file-1", fileUniqueId: "unique-1")
            let outcome = try await reviews.submit(SubmitReview(bookingId: first.bookingId, guestId: 5001, rating: 4,
                                                                text: "  Хорошо, но шумно.  ", photos: [photo]))
            let review = try #require(outcome.review)
            #expect(outcome.result == .published && outcome.reason == nil)
            #expect(review.text == "Хорошо, но шумно." && review.photos == [photo] && review.rating == 4)
            #expect(review.apartmentId == apartment.id && review.publishedAt == ReviewFixtures.now)
            var shown = try await card(catalog, apartment.id)
            #expect(shown.ratingAverage == 4 && shown.ratingCount == 1)

            _ = try await reviews.submit(SubmitReview(bookingId: second.bookingId, guestId: 5002, rating: 5))
            shown = try await card(catalog, apartment.id)
            #expect(shown.ratingAverage == 4.5 && shown.ratingCount == 2)
            #expect(try await reviews.eligibility(GetReviewEligibility(bookingId: first.bookingId, guestId: 5001)).reason
                == .alreadyReviewed)

            let events = try await catalog.outbox().filter { $0.type == ReviewPublished.messageType.rawValue }
            #expect(events.count == 2)
            let published = try RawEnvelope(body: Data(try #require(events.first).body.utf8)).decode(ReviewPublished.self)
            #expect(published.payload == ReviewPublished(reviewId: review.reviewId, apartmentId: apartment.id,
                                                         bookingId: first.bookingId, guestId: 5001, realtorId: 1001,
                                                         rating: 4, occurredAt: ReviewFixtures.now))
        }
    }

    @Test func ineligibleGuestsAreRefusedWithTheirReason() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment()
            let now = ReviewFixtures.now
            let window: TimeInterval = 30 * 86_400
            let done = ReviewFixtures.booking(apartment: apartment.id, guest: 5001)
            let paid = ReviewFixtures.booking(apartment: apartment.id, guest: 5001, status: .paid,
                                              checkOut: now.addingTimeInterval(86_400))
            let staying = ReviewFixtures.booking(apartment: apartment.id, guest: 5001, status: .checkedIn,
                                                 checkOut: now.addingTimeInterval(3600))
            let cancelled = ReviewFixtures.booking(apartment: apartment.id, guest: 5001, status: .cancelled)
            let expired = ReviewFixtures.booking(apartment: apartment.id, guest: 5001, status: .expired)
            let old = ReviewFixtures.booking(apartment: apartment.id, guest: 5001,
                                             checkOut: now.addingTimeInterval(-window - 1))
            let lastChance = ReviewFixtures.booking(apartment: apartment.id, guest: 5001,
                                                    checkOut: now.addingTimeInterval(-window))
            let reviews = catalog.reviews([done, paid, staying, cancelled, expired, old, lastChance])
            let cases: [(UUID, Int64, ReviewIneligibility)] = [
                (UUID(), 5001, .notFound), (done.bookingId, 5002, .notYourBooking),
                (paid.bookingId, 5001, .stayNotFinished), (staying.bookingId, 5001, .stayNotFinished),
                (cancelled.bookingId, 5001, .stayNotFinished), (expired.bookingId, 5001, .stayNotFinished),
                (old.bookingId, 5001, .tooLate),
            ]
            for (booking, guest, reason) in cases {
                let answer = try await reviews.submit(SubmitReview(bookingId: booking, guestId: guest, rating: 5))
                #expect(answer == .notEligible(reason), "booking \(booking) guest \(guest)")
                let asked = try await reviews.eligibility(GetReviewEligibility(bookingId: booking, guestId: guest))
                #expect(!asked.eligible && asked.reason == reason)
            }
            #expect(try await reviewCount(catalog) == 0)
            #expect(try await card(catalog, apartment.id).ratingCount == 0)

            #expect(try await reviews.submit(SubmitReview(bookingId: lastChance.bookingId, guestId: 5001, rating: 3))
                .result == .published)
            #expect(try await reviews.submit(SubmitReview(bookingId: lastChance.bookingId, guestId: 5001, rating: 1))
                == .notEligible(.alreadyReviewed))
            let shown = try await card(catalog, apartment.id)
            #expect(shown.ratingAverage == 3 && shown.ratingCount == 1)
            #expect(try await catalog.outbox().filter { $0.type == ReviewPublished.messageType.rawValue }.count == 1)
        }
    }

    @Test func malformedReviewsAreBadRequests() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment()
            let booking = ReviewFixtures.booking(apartment: apartment.id, guest: 5001)
            let reviews = catalog.reviews([booking])
            let photo = ReviewPhotoRef(fileId: "f", fileUniqueId: "u")
            let bad: [(SubmitReview, String)] = [
                (SubmitReview(bookingId: booking.bookingId, guestId: 5001, rating: 0), "rating"),
                (SubmitReview(bookingId: booking.bookingId, guestId: 5001, rating: 6), "rating"),
                (SubmitReview(bookingId: booking.bookingId, guestId: 5001, rating: 5,
                              text: String(repeating: "ы", count: 2001)), "text"),
                (SubmitReview(bookingId: booking.bookingId, guestId: 5001, rating: 5,
                              photos: Array(repeating: photo, count: 6)), "photos"),
                (SubmitReview(bookingId: booking.bookingId, guestId: 5001, rating: 5,
                              photos: [ReviewPhotoRef(fileId: "", fileUniqueId: "u")]), "photos"),
            ]
            for (request, field) in bad {
                await #expect(throws: CatalogError.self) { try await reviews.submit(request) }
                do {
                    _ = try await reviews.submit(request)
                } catch let CatalogError.invalidField(name, _) {
                    #expect(name == field)
                }
            }
            #expect(try await reviewCount(catalog) == 0)
            let longest = try await reviews.submit(SubmitReview(
                bookingId: booking.bookingId, guestId: 5001, rating: 5, text: String(repeating: "ы", count: 2000),
                photos: Array(repeating: photo, count: 5)))
            #expect(longest.result == .published && longest.review?.text.count == 2000)
        }
    }

    @Test func concurrentSubmissionsForOneBookingPublishExactlyOne() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment()
            let booking = ReviewFixtures.booking(apartment: apartment.id, guest: 5001)
            let reviews = catalog.reviews([booking])
            let outcomes = try await withThrowingTaskGroup(of: ReviewSubmission.self) { group in
                for rating in 1...8 {
                    group.addTask {
                        try await reviews.submit(SubmitReview(bookingId: booking.bookingId, guestId: 5001,
                                                              rating: rating % 5 + 1))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let published = outcomes.filter { $0.result == .published }
            #expect(published.count == 1)
            #expect(outcomes.filter { $0 == .notEligible(.alreadyReviewed) }.count == 7)
            #expect(try await reviewCount(catalog) == 1)
            let shown = try await card(catalog, apartment.id)
            let winner = try #require(published.first?.review)
            #expect(shown.ratingCount == 1 && shown.ratingAverage == Double(winner.rating))
            #expect(try await catalog.outbox().filter { $0.type == ReviewPublished.messageType.rawValue }.count == 1)
        }
    }

    @Test func twentyFiveReviewsAreReadTenPerPageNewestFirst() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment()
            let other = try await catalog.makeApartment(realtorId: 1002)
            var published: [Review] = []
            for index in 0..<25 {
                let booking = ReviewFixtures.booking(apartment: apartment.id, guest: 6000 + Int64(index))
                // Each review a minute later than the one before.
                let reviews = catalog.reviews([booking], at: ReviewFixtures.now.addingTimeInterval(Double(index) * 60))
                let outcome = try await reviews.submit(SubmitReview(bookingId: booking.bookingId, guestId: booking.guestId,
                                                                    rating: index % 5 + 1, text: "Отзыв \(index)"))
                published.append(try #require(outcome.review))
            }
            let stranger = ReviewFixtures.booking(apartment: other.id, guest: 7000)
            _ = try await catalog.reviews([stranger]).submit(SubmitReview(bookingId: stranger.bookingId, guestId: 7000,
                                                                          rating: 1))
            let newestFirst = published.reversed().map(\.reviewId)
            let reader = catalog.reviews([])
            var seen: [UUID] = []
            for (page, size) in [(0, 10), (1, 10), (2, 5)] {
                let answer = try await reader.list(ListReviews(apartmentId: apartment.id, page: page))
                #expect(answer.reviews.count == size && answer.page == page && answer.pageSize == 10)
                #expect(answer.total == 25 && answer.pageCount == 3)
                #expect(answer.ratingCount == 25 && answer.ratingAverage == 3)
                seen += answer.reviews.map(\.reviewId)
            }
            #expect(seen == Array(newestFirst))
            let first = try await reader.list(ListReviews(apartmentId: apartment.id))
            #expect(first.reviews.first?.text == "Отзыв 24" && first.reviews.last?.text == "Отзыв 15")
            let pastTheEnd = try await reader.list(ListReviews(apartmentId: apartment.id, page: 3))
            #expect(pastTheEnd.reviews.isEmpty && pastTheEnd.total == 25 && pastTheEnd.pageCount == 3)
            await #expect(throws: CatalogError.self) {
                try await reader.list(ListReviews(apartmentId: apartment.id, page: -1))
            }
            await #expect(throws: CatalogError.self) {
                try await reader.list(ListReviews(apartmentId: apartment.id, pageSize: 0))
            }
        }
    }

    @Test func aHiddenReviewLeavesTheListAndTheAggregates() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment()
            let rude = ReviewFixtures.booking(apartment: apartment.id, guest: 5001)
            let fair = ReviewFixtures.booking(apartment: apartment.id, guest: 5002)
            let reviews = catalog.reviews([rude, fair])
            let rudeReview = try #require(try await reviews.submit(
                SubmitReview(bookingId: rude.bookingId, guestId: 5001, rating: 1, text: "!!!")).review)
            _ = try await reviews.submit(SubmitReview(bookingId: fair.bookingId, guestId: 5002, rating: 5))
            #expect(try await card(catalog, apartment.id).ratingAverage == 3)

            let hiding = HideReview(reviewId: rudeReview.reviewId, superadminId: 1, reason: "оскорбления")
            #expect(try await reviews.hide(hiding).result == .hidden)
            let shown = try await card(catalog, apartment.id)
            #expect(shown.ratingAverage == 5 && shown.ratingCount == 1)
            let page = try await reviews.list(ListReviews(apartmentId: apartment.id))
            #expect(page.total == 1 && page.reviews.map(\.bookingId) == [fair.bookingId] && page.ratingCount == 1)

            #expect(try await reviews.hide(hiding).result == .alreadyHidden)
            #expect(try await reviews.hide(HideReview(reviewId: UUID(), superadminId: 1, reason: "x")).result
                == .notFound)
            await #expect(throws: CatalogError.self) {
                try await reviews.hide(HideReview(reviewId: rudeReview.reviewId, superadminId: 1, reason: "  "))
            }
            #expect(try await card(catalog, apartment.id).ratingCount == 1)
            // The hidden review still is the booking's one review.
            #expect(try await reviews.submit(SubmitReview(bookingId: rude.bookingId, guestId: 5001, rating: 5))
                == .notEligible(.alreadyReviewed))

            let hiddenEvents = try await catalog.outbox().filter { $0.type == ReviewHidden.messageType.rawValue }
            #expect(hiddenEvents.count == 1)
            let event = try RawEnvelope(body: Data(try #require(hiddenEvents.first).body.utf8)).decode(ReviewHidden.self)
            #expect(event.payload.reviewId == rudeReview.reviewId && event.payload.rating == 1
                && event.payload.hiddenBy == 1 && event.payload.reason == "оскорбления")
        }
    }

    @Test func anApartmentWithoutReviewsHasAnEmptyPage() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment()
            let page = try await catalog.reviews([]).list(ListReviews(apartmentId: apartment.id))
            #expect(page == ReviewPage(apartmentId: apartment.id, reviews: [], total: 0, page: 0, pageSize: 10,
                                       pageCount: 0, ratingAverage: nil, ratingCount: 0))
            let unknown = UUID()
            await #expect(throws: CatalogError.apartmentNotFound(unknown)) {
                try await catalog.reviews([]).list(ListReviews(apartmentId: unknown))
            }
        }
    }
}
