/// Why a guest may not review a booking. Stable: the gateway words each one for the guest.
public enum ReviewIneligibility: String, Codable, Sendable, Equatable, CaseIterable {
    /// The booking does not exist.
    case notFound = "not_found"
    /// The booking is another guest's.
    case notYourBooking = "not_your_booking"
    /// The stay has not been completed (held, paid, checked in — or it never happened: cancelled, expired).
    case stayNotFinished = "stay_not_finished"
    /// More than ``SubmitReview/reviewWindowDays`` days have passed since check-out.
    case tooLate = "too_late"
    /// This booking already has a review (also a hidden one): one review per booking.
    case alreadyReviewed = "already_reviewed"
}
