/// The `result` of a pay-by-account answer (PRODUCT.md «Payments (Kaspi)»).
enum KaspiResultCode: Int, Sendable, Equatable, CaseIterable {
    /// Check: the account can be paid; pay: the money was credited.
    case ok = 0
    /// No booking with this number.
    case notFound = 1
    /// The booking was cancelled or its hold expired: nothing to pay.
    case cancelledOrExpired = 2
    /// The booking is already paid (by another payment).
    case alreadyPaid = 3
    /// This `txn_id` is being processed right now, or its outcome is not known yet: send it again later.
    case inProgress = 4
    /// Anything else: malformed request, wrong sum, refused source address, a temporary failure on check.
    case other = 5
}
