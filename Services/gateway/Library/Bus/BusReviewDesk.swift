import Contracts
import Foundation
import Messaging

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
