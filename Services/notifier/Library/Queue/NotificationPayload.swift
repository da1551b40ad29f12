import Contracts
import Foundation

/// What a queued notification holds: the text rendered when it was queued, its buttons, and what must be
/// decided or fetched at send time. Never secrets: access details are only referenced (``accessDetails``) and
/// fetched from the catalog when the message goes out.
public struct NotificationPayload: Codable, Sendable, Equatable {
    /// Telegram HTML.
    public var text: String
    public var buttons: [[NotificationButton]]
    /// Checked right before sending; when it no longer holds the notification is skipped.
    public var condition: SendCondition?
    /// When set, the apartment's access details are revealed at send time and appended to ``text``.
    public var accessDetails: AccessDetailsReference?
    /// What happens when ``accessDetails`` cannot be revealed at send time (see ``AccessFallback``); nil: the whole
    /// message waits and is retried.
    public var accessFallback: AccessFallback?

    public init(text: String, buttons: [[NotificationButton]] = [], condition: SendCondition? = nil,
                accessDetails: AccessDetailsReference? = nil, accessFallback: AccessFallback? = nil)
    {
        self.text = text
        self.buttons = buttons
        self.condition = condition
        self.accessDetails = accessDetails
        self.accessFallback = accessFallback
    }
}

/// A guest who paid is never left waiting on the catalog. Two roles:
///
/// - ``Role/confirmation`` (the «Оплата получена» message): when the details cannot be revealed right away, the
///   message goes without them, with a line that they follow shortly and the realtor's phone, and a follow-up
///   (``NotificationKind/accessDetailsGuest``) is queued in the same transaction that records the send.
/// - ``Role/followUp``: retried every few seconds until the details can be revealed; once the guest has waited
///   longer than the alert threshold, the realtor and the operators are alerted (once each).
public struct AccessFallback: Codable, Sendable, Equatable {
    public enum Role: String, Codable, Sendable {
        case confirmation
        case followUp
    }

    public var role: Role
    public var bookingNumber: String
    /// Telegram user id of the apartment's realtor (alerted when the details stay unavailable).
    public var realtorId: Int64
    /// Business time when the guest was told the details would follow (follow-ups only).
    public var waitingSince: Date?

    public init(role: Role, bookingNumber: String, realtorId: Int64, waitingSince: Date? = nil) {
        self.role = role
        self.bookingNumber = bookingNumber
        self.realtorId = realtorId
        self.waitingSince = waitingSince
    }
}

/// A condition evaluated at send time. New reminders (e.g. reviews) add a case here and its evaluation in
/// ``NotificationRenderer``.
public enum SendCondition: Codable, Sendable, Equatable {
    /// The booking is still in one of these statuses.
    case bookingStatus(bookingId: UUID, oneOf: [BookingStatus])
    /// The guest may review the booking now (catalog's `GetReviewEligibility`): not reviewed yet, stay completed,
    /// still inside the review window.
    case reviewEligible(bookingId: UUID, guestId: Int64)
}

/// Which access details to reveal at send time, and for whom (the catalog audits every reveal).
public struct AccessDetailsReference: Codable, Sendable, Equatable {
    public var apartmentId: UUID
    public var bookingId: UUID
    public var guestId: Int64

    public init(apartmentId: UUID, bookingId: UUID, guestId: Int64) {
        self.apartmentId = apartmentId
        self.bookingId = bookingId
        self.guestId = guestId
    }
}

/// A notification to queue.
public struct NewNotification: Sendable, Equatable {
    public var dedupeKey: String
    public var chatId: Int64
    public var kind: NotificationKind
    public var bookingId: UUID?
    public var payload: NotificationPayload
    /// Business time; nil: now.
    public var notBefore: Date?

    public init(dedupeKey: String, chatId: Int64, kind: NotificationKind, bookingId: UUID? = nil,
                payload: NotificationPayload, notBefore: Date? = nil)
    {
        self.dedupeKey = dedupeKey
        self.chatId = chatId
        self.kind = kind
        self.bookingId = bookingId
        self.payload = payload
        self.notBefore = notBefore
    }
}

/// What a notification is about (stored as text; used in dedupe keys, logs and metrics).
public struct NotificationKind: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { rawValue = value }

    public static let bookingPaidGuest: NotificationKind = "booking_paid_guest"
    public static let bookingPaidRealtor: NotificationKind = "booking_paid_realtor"
    public static let bookingExpiredGuest: NotificationKind = "booking_expired_guest"
    public static let bookingCancelledGuest: NotificationKind = "booking_cancelled_guest"
    public static let bookingCancelledRealtor: NotificationKind = "booking_cancelled_realtor"
    public static let checkedInRealtor: NotificationKind = "checked_in_realtor"
    public static let completedRealtor: NotificationKind = "completed_realtor"
    public static let refundCompletedGuest: NotificationKind = "refund_completed_guest"
    public static let paymentFailedGuest: NotificationKind = "payment_failed_guest"
    public static let holdEndingSoon: NotificationKind = "hold_ending_soon"
    public static let checkInDay: NotificationKind = "check_in_day"
    public static let checkOutReminder: NotificationKind = "check_out_reminder"
    public static let direct: NotificationKind = "direct"
    /// Scheduled after check-out: «Как прошло проживание?» with the «Оставить отзыв» button.
    public static let reviewReminder: NotificationKind = "review_reminder"
    /// Scheduled the day after check-out: a gentle second ask, only if the guest still has not reviewed.
    public static let reviewNudge: NotificationKind = "review_nudge"
    /// To the realtor when a review of their apartment is published.
    public static let reviewPublishedRealtor: NotificationKind = "review_published_realtor"
    /// The access details that could not go with the payment confirmation, sent as soon as they can be revealed.
    public static let accessDetailsGuest: NotificationKind = "access_details_guest"
    /// To the guest: the realtor marked «Гость не заехал».
    public static let noShowGuest: NotificationKind = "no_show_guest"
    /// To the realtor and the operators: a paying guest has waited too long for the access details.
    public static let accessUnavailableAlert: NotificationKind = "access_unavailable_alert"

    /// Sent before everything else that is due: the guest is waiting for them (access details after paying, a hold
    /// that is ending or ran out, a cancellation, money). Realtor alerts, reminders and other messages follow in
    /// due order, so a backlog of those never delays a guest's door codes.
    public static let urgent: [NotificationKind] = [
        .bookingPaidGuest, .accessDetailsGuest, .holdEndingSoon, .bookingExpiredGuest, .bookingCancelledGuest,
        .paymentFailedGuest, .refundCompletedGuest, .accessUnavailableAlert,
    ]
}
