import Contracts
import Foundation
import Messaging

/// What the bot asks the catalog about reviews. One protocol so handlers can be exercised without a broker.
protocol ReviewDesk: Sendable {
    func eligibility(bookingId: UUID, guestId: Int64) async throws -> ReviewEligibility
    func submit(_ request: SubmitReview) async throws -> ReviewSubmission
    /// Page `page` (0-based) of the apartment's reviews, newest first. Throws `RPCError` `not_found` for an
    /// unknown apartment.
    func reviews(apartmentId: UUID, page: Int, pageSize: Int) async throws -> ReviewPage
}

/// ``ReviewDesk`` over bus RPC (`catalog.review.*.v1`, `catalog.reviews.list.v1`).
struct BusReviewDesk: ReviewDesk {
    let bus: MessageBus

    private func ask<R: RPCRequest>(_ request: R) async throws -> R.Response {
        try await bus.request(Envelope(request, producer: .gateway)).payload
    }

    func eligibility(bookingId: UUID, guestId: Int64) async throws -> ReviewEligibility {
        try await ask(GetReviewEligibility(bookingId: bookingId, guestId: guestId))
    }

    func submit(_ request: SubmitReview) async throws -> ReviewSubmission { try await ask(request) }

    func reviews(apartmentId: UUID, page: Int, pageSize: Int) async throws -> ReviewPage {
        try await ask(ListReviews(apartmentId: apartmentId, page: page, pageSize: pageSize))
    }
}
