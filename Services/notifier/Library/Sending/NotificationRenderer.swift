import Contracts
import Foundation

/// Turns a claimed notification into the message to send, right before sending: evaluates its condition and
/// fetches access details. Nothing it fetches is stored.
public struct NotificationRenderer: Sendable {
    public enum Decision: Sendable {
        case send(text: String, buttons: [[NotificationButton]])
        case skip(reason: String)
    }

    let lookups: any NotifierLookups

    public init(lookups: any NotifierLookups) { self.lookups = lookups }

    /// Throws when a lookup failed (transient: retry later).
    public func render(_ notification: QueuedNotification) async throws -> Decision {
        let payload = notification.payload
        switch payload.condition {
        case nil:
            break
        case .bookingStatus(let bookingId, let statuses)?:
            guard let booking = try await lookups.booking(bookingId) else {
                return .skip(reason: "booking \(bookingId) no longer exists")
            }
            guard statuses.contains(booking.status) else {
                return .skip(reason: "booking is \(booking.status.rawValue) now")
            }
        case .reviewEligible(let bookingId, let guestId)?:
            let eligibility = try await lookups.reviewEligibility(bookingId: bookingId, guestId: guestId)
            guard eligibility.eligible else {
                return .skip(reason: "no review possible: \(eligibility.reason?.rawValue ?? "not eligible")")
            }
        }
        var text = payload.text
        if let reference = payload.accessDetails {
            text += "\n" + Texts.accessDetails(try await lookups.revealAccess(reference))
        }
        return .send(text: text, buttons: payload.buttons)
    }
}
