import Contracts
import Foundation

/// What the bot asks the catalog about reviews. One protocol so handlers can be exercised without a broker.
protocol ReviewDesk: Sendable {
    func eligibility(bookingId: UUID, guestId: Int64) async throws -> ReviewEligibility
    func submit(_ request: SubmitReview) async throws -> ReviewSubmission
    /// Page `page` (0-based) of the apartment's reviews, newest first. Throws `RPCError` `not_found` for an
    /// unknown apartment.
    func reviews(apartmentId: UUID, page: Int, pageSize: Int) async throws -> ReviewPage
}
