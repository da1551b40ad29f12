import Contracts
import Foundation

/// Who may review a booking (PRODUCT.md scenario 5): its guest, once the stay is completed, within 30 days of
/// check-out, once. Checked in this order, so a stranger learns nothing about someone else's booking.
enum ReviewEligibilityRule {
    static let window: TimeInterval = TimeInterval(SubmitReview.reviewWindowDays) * 24 * 3600

    /// The last instant a review of a stay that ended at `checkOut` is accepted.
    static func deadline(checkOut: Date) -> Date { checkOut.addingTimeInterval(window) }

    /// Nil when `guestId` may review `booking` at `now`.
    static func refusal(booking: BookingSummary?, guestId: Int64, alreadyReviewed: Bool,
                        now: Date) -> ReviewIneligibility?
    {
        guard let booking else { return .notFound }
        guard booking.guestId == guestId else { return .notYourBooking }
        if alreadyReviewed { return .alreadyReviewed }
        guard booking.status == .completed else { return .stayNotFinished }
        guard now <= deadline(checkOut: booking.checkOut) else { return .tooLate }
        return nil
    }
}
