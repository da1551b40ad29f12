import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// Reviews of finished stays (PRODUCT.md scenario 5): eligibility from booking's `GetBooking`, publishing once
/// per booking, the listing, and the superadmin's hiding. Publishing and hiding change the apartment's
/// `rating_sum` / `rating_count` and record the event in the same transaction, so the card shows the new
/// average at once and the event leaves exactly when the change is committed.
struct ReviewHandler: Sendable {
    let database: DatabasePool
    let outbox: Outbox
    let bookings: any BookingDirectory
    let clock: BusinessClock
    let reviews: ReviewRepository

    init(database: DatabasePool, outbox: Outbox, bookings: any BookingDirectory, clock: BusinessClock,
         reviews: ReviewRepository = ReviewRepository())
    {
        self.database = database
        self.outbox = outbox
        self.bookings = bookings
        self.clock = clock
        self.reviews = reviews
    }

    func eligibility(_ request: GetReviewEligibility) async throws -> ReviewEligibility {
        let booking = try await bookings.booking(request.bookingId)
        let reviewed = try await reviews.exists(bookingId: request.bookingId, on: database)
        let refusal = ReviewEligibilityRule.refusal(booking: booking, guestId: request.guestId,
                                                    alreadyReviewed: reviewed, now: clock.now())
        // The window is told only to the booking's own guest.
        let until = booking.flatMap {
            $0.guestId == request.guestId ? ReviewEligibilityRule.deadline(checkOut: $0.checkOut) : nil
        }
        return ReviewEligibility(eligible: refusal == nil, reason: refusal, reviewableUntil: until)
    }

    func submit(_ envelope: Envelope<SubmitReview>, logger: Logger) async throws -> ReviewSubmission {
        let draft = try ReviewDraft(envelope.payload)
        let booking = try await bookings.booking(draft.bookingId)
        let now = clock.now()
        if let refusal = ReviewEligibilityRule.refusal(
            booking: booking, guestId: draft.guestId,
            alreadyReviewed: try await reviews.exists(bookingId: draft.bookingId, on: database), now: now)
        {
            return .notEligible(refusal)
        }
        guard let booking else { return .notEligible(.notFound) }
        let review = Review(reviewId: UUID(), apartmentId: booking.apartmentId, bookingId: booking.bookingId,
                            guestId: draft.guestId, rating: draft.rating, text: draft.text, photos: draft.photos,
                            publishedAt: now)
        let outcome: ReviewSubmission = try await database.withTransaction { transaction in
            // A racing submission for the same booking waits here on the unique booking_id and then inserts nothing.
            guard try await reviews.insert(review, realtorId: booking.realtorId, in: transaction) else {
                return .notEligible(.alreadyReviewed)
            }
            guard try await reviews.adjustAggregate(apartmentId: review.apartmentId, rating: review.rating, sign: 1,
                                                    in: transaction)
            else { throw CatalogError.apartmentNotFound(review.apartmentId) }
            try await outbox.publish(
                ReviewPublished(reviewId: review.reviewId, apartmentId: review.apartmentId,
                                bookingId: review.bookingId, guestId: review.guestId, realtorId: booking.realtorId,
                                rating: review.rating, occurredAt: now),
                causedBy: envelope.metadata, in: transaction)
            return .published(review)
        }
        if outcome.result == .published {
            logger.info("review published", metadata: [
                "review.id": "\(review.reviewId)", "booking.id": "\(review.bookingId)",
                "apartment.id": "\(review.apartmentId)", "review.rating": "\(review.rating)",
            ])
        }
        return outcome
    }

    func list(_ request: ListReviews) async throws -> ReviewPage {
        guard request.page >= 0 else { throw CatalogError.invalidField(field: "page", reason: "must be 0 or more") }
        guard (1...ListReviews.maximumPageSize).contains(request.pageSize) else {
            throw CatalogError.invalidField(field: "pageSize", reason: "must be 1…\(ListReviews.maximumPageSize)")
        }
        return try await database.withTransaction(isolation: .repeatableRead) { transaction in
            guard let rating = try await reviews.aggregate(apartmentId: request.apartmentId, on: transaction) else {
                throw CatalogError.apartmentNotFound(request.apartmentId)
            }
            let total = try await reviews.count(apartmentId: request.apartmentId, on: transaction)
            let (offset, overflow) = request.page.multipliedReportingOverflow(by: request.pageSize)
            let found = overflow || offset >= total
                ? []
                : try await reviews.page(apartmentId: request.apartmentId, limit: request.pageSize, offset: offset,
                                         on: transaction)
            return ReviewPage(apartmentId: request.apartmentId, reviews: found, total: total, page: request.page,
                              pageSize: request.pageSize, pageCount: (total + request.pageSize - 1) / request.pageSize,
                              ratingAverage: rating.average, ratingCount: rating.count)
        }
    }

    func hide(_ envelope: Envelope<HideReview>, logger: Logger) async throws -> ReviewHiding {
        let request = envelope.payload
        let reason = request.reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...500).contains(reason.count) else {
            throw CatalogError.invalidField(field: "reason", reason: "must be 1…500 characters")
        }
        let now = clock.now()
        let result: ReviewHiding.Result = try await database.withTransaction { transaction in
            guard let hidden = try await reviews.hide(request.reviewId, by: request.superadminId, reason: reason,
                                                      at: now, in: transaction)
            else {
                let known = try await reviews.exists(reviewId: request.reviewId, on: transaction)
                return known ? .alreadyHidden : .notFound
            }
            guard try await reviews.adjustAggregate(apartmentId: hidden.apartmentId, rating: hidden.rating, sign: -1,
                                                    in: transaction)
            else { throw CatalogError.apartmentNotFound(hidden.apartmentId) }
            try await outbox.publish(
                ReviewHidden(reviewId: request.reviewId, apartmentId: hidden.apartmentId, bookingId: hidden.bookingId,
                             guestId: hidden.guestId, realtorId: hidden.realtorId, rating: hidden.rating,
                             hiddenBy: request.superadminId, reason: reason, occurredAt: now),
                causedBy: envelope.metadata, in: transaction)
            return .hidden
        }
        if result == .hidden {
            logger.info("review hidden", metadata: [
                "review.id": "\(request.reviewId)", "superadmin.id": "\(request.superadminId)",
            ])
        }
        return ReviewHiding(result: result)
    }
}
