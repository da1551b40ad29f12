import Contracts
import Database
import Foundation
import ServiceRuntime

/// Decides which notifications an event causes and queues them (idempotently: dedupe keys
/// "<event messageId>:<kind>:<chat>" for immediate ones, "<bookingId>:<kind>" for scheduled ones).
///
/// Scheduled notifications carry a ``SendCondition`` checked at send time, so a booking that moved on is never
/// reminded about; they are also skipped eagerly when the booking leaves the state they are about.
public struct NotificationPlanner: Sendable {
    let queue: NotificationQueue
    let lookups: any NotifierLookups
    let clock: BusinessClock
    /// How long before a hold expires the guest is reminded.
    public var holdReminderLead: TimeInterval = 5 * 60
    /// How long before check-out the guest is reminded.
    public var checkOutReminderLead: TimeInterval = 2 * 3600
    /// Business hour (UTC+5) of the check-in day instructions.
    public var checkInDayHour = 10
    /// How long after check-out the guest is asked for a review (`NOTIFIER_REVIEW_REMINDER_DELAY`).
    public var reviewReminderDelay: TimeInterval = 2 * 3600
    /// How long after check-out the guest is asked a second time (`NOTIFIER_REVIEW_NUDGE_DELAY`).
    public var reviewNudgeDelay: TimeInterval = 26 * 3600

    public init(queue: NotificationQueue, lookups: any NotifierLookups, clock: BusinessClock) {
        self.queue = queue
        self.lookups = lookups
        self.clock = clock
    }

    /// The notifier's copies of bookings and apartment contacts, in the queue's database.
    var replicas: NotifierReplicas { NotifierReplicas(database: queue.database) }

    static let scheduledKinds: [NotificationKind] = [.holdEndingSoon, .checkInDay, .checkOutReminder,
                                                     .accessDetailsGuest]
    static let reviewKinds: [NotificationKind] = [.reviewReminder, .reviewNudge]

    // MARK: Booking events

    public func handle(_ envelope: Envelope<BookingHeld>) async throws {
        let booking = envelope.payload.booking
        var notifications: [NewNotification] = []
        if let expiresAt = booking.holdExpiresAt, expiresAt > clock.now() {
            notifications.append(scheduled(.holdEndingSoon, booking, chat: booking.guestChatId,
                                           at: expiresAt.addingTimeInterval(-holdReminderLead),
                                           text: Texts.holdEndingSoon(booking), buttons: [[Texts.currentBooking]],
                                           statuses: [.held]))
        }
        try await enqueue(remembering: booking, at: envelope.occurredAt, notifications)
    }

    public func handle(_ envelope: Envelope<BookingPaid>) async throws {
        let booking = envelope.payload.booking
        let cancelling = Cancelling(bookingId: booking.bookingId, kinds: [.holdEndingSoon], reason: "booking paid")
        let now = clock.now()
        var notifications = [
            immediate(envelope.messageId, .bookingPaidGuest, booking, chat: booking.guestChatId,
                      payload: NotificationPayload(
                        text: Texts.bookingPaidGuest(booking),
                        buttons: [[Texts.currentBooking], [Texts.mainMenu]],
                        accessDetails: AccessDetailsReference(apartmentId: booking.apartmentId,
                                                              bookingId: booking.bookingId,
                                                              guestId: booking.guestId),
                        accessFallback: AccessFallback(role: .confirmation, bookingNumber: booking.number,
                                                       realtorId: booking.realtorId))),
            immediate(envelope.messageId, .bookingPaidRealtor, booking, chat: booking.realtorId,
                      payload: NotificationPayload(text: Texts.bookingPaidRealtor(booking))),
        ]
        if let morning = checkInMorning(booking), morning > now {
            notifications.append(scheduled(.checkInDay, booking, chat: booking.guestChatId, at: morning,
                                           text: Texts.checkInDay(booking),
                                           buttons: [[Texts.details(booking.bookingId)]], statuses: [.paid]))
        }
        let checkOutReminder = booking.checkOut.addingTimeInterval(-checkOutReminderLead)
        if checkOutReminder > now {
            notifications.append(scheduled(.checkOutReminder, booking, chat: booking.guestChatId,
                                           at: checkOutReminder, text: Texts.checkOutReminder(booking),
                                           buttons: [], statuses: [.paid, .checkedIn]))
        }
        try await enqueue(remembering: booking, at: envelope.occurredAt, cancelling: cancelling, notifications)
    }

    public func handle(_ envelope: Envelope<BookingExpired>) async throws {
        let booking = envelope.payload.booking
        let cancelling = Cancelling(bookingId: booking.bookingId, kinds: Self.scheduledKinds, reason: "booking expired")
        try await enqueue(remembering: booking, at: envelope.occurredAt, cancelling: cancelling, [
            immediate(envelope.messageId, .bookingExpiredGuest, booking, chat: booking.guestChatId,
                      payload: NotificationPayload(text: Texts.bookingExpiredGuest(booking), buttons: [[Texts.search]])),
        ])
    }

    public func handle(_ envelope: Envelope<BookingCancelled>) async throws {
        let event = envelope.payload
        let booking = event.booking
        let cancelling = Cancelling(bookingId: booking.bookingId, kinds: Self.scheduledKinds,
                                    reason: "booking cancelled")
        var notifications = [
            immediate(envelope.messageId, .bookingCancelledGuest, booking, chat: booking.guestChatId,
                      payload: NotificationPayload(text: Texts.bookingCancelledGuest(booking, wasPaid: event.wasPaid,
                                                                                   byHost: event.cancelledBy != .guest),
                                                   buttons: [[Texts.mainMenu]])),
        ]
        if event.wasPaid {
            notifications.append(immediate(envelope.messageId, .bookingCancelledRealtor, booking,
                                           chat: booking.realtorId,
                                           payload: NotificationPayload(text: Texts.bookingCancelledRealtor(booking))))
        }
        try await enqueue(remembering: booking, at: envelope.occurredAt, cancelling: cancelling, notifications)
    }

    /// The realtor marked «Гость не заехал»: the guest's pending reminders go, and the guest is told (in case it is
    /// a mistake, with the way to reach the realtor: «Статус текущей брони» no longer lists it).
    public func handle(_ envelope: Envelope<BookingNoShow>) async throws {
        let booking = envelope.payload.booking
        let cancelling = Cancelling(bookingId: booking.bookingId, kinds: Self.scheduledKinds, reason: "no-show")
        try await enqueue(remembering: booking, at: envelope.occurredAt, cancelling: cancelling, [
            immediate(envelope.messageId, .noShowGuest, booking, chat: booking.guestChatId,
                      payload: NotificationPayload(text: Texts.noShowGuest(booking), buttons: [[Texts.mainMenu]])),
        ])
    }

    public func handle(_ envelope: Envelope<BookingCheckedIn>) async throws {
        let booking = envelope.payload.booking
        try await enqueue(remembering: booking, at: envelope.occurredAt, [immediate(envelope.messageId, .checkedInRealtor, booking,
                                                               chat: booking.realtorId,
                                     payload: NotificationPayload(text: Texts.checkedInRealtor(booking)))])
    }

    /// Tells the realtor, and schedules the guest's review reminder (check-out + ``reviewReminderDelay``) and
    /// nudge (check-out + ``reviewNudgeDelay``), each once per booking and each sent only if the guest may still
    /// review then. An event that arrives late moves them to now, keeping their spacing, so the guest never gets
    /// both at once; one that arrives after the review window queues them anyway and the condition skips them.
    public func handle(_ envelope: Envelope<BookingCompleted>) async throws {
        let booking = envelope.payload.booking
        let cancelling = Cancelling(bookingId: booking.bookingId, kinds: Self.scheduledKinds, reason: "stay completed")
        let now = clock.now()
        let reminderAt = max(booking.checkOut.addingTimeInterval(reviewReminderDelay), now)
        let nudgeAt = max(booking.checkOut.addingTimeInterval(reviewNudgeDelay),
                          reminderAt.addingTimeInterval(reviewNudgeDelay - reviewReminderDelay))
        let place = await apartmentLabel(booking.apartmentId)
        let button = Texts.leaveReview(booking.bookingId)
        let condition = SendCondition.reviewEligible(bookingId: booking.bookingId, guestId: booking.guestId)
        try await enqueue(remembering: booking, at: envelope.occurredAt, cancelling: cancelling, [
            immediate(envelope.messageId, .completedRealtor, booking, chat: booking.realtorId,
                      payload: NotificationPayload(text: Texts.completedRealtor(booking))),
            scheduled(.reviewReminder, booking, chat: booking.guestChatId, at: reminderAt,
                      payload: NotificationPayload(text: Texts.reviewReminder(booking, place: place),
                                                   buttons: [[button]], condition: condition)),
            scheduled(.reviewNudge, booking, chat: booking.guestChatId, at: nudgeAt,
                      payload: NotificationPayload(text: Texts.reviewNudge(booking, place: place),
                                                   buttons: [[button]], condition: condition)),
        ])
    }

    // MARK: Review events

    /// A review was published: the booking's pending review reminders are dropped, and the realtor is told
    /// (once per review, whatever the redeliveries).
    public func handle(_ envelope: Envelope<ReviewPublished>) async throws {
        let review = envelope.payload
        let cancelling = Cancelling(bookingId: review.bookingId, kinds: Self.reviewKinds, reason: "review published")
        let place = await apartmentLabel(review.apartmentId)
        let kind = NotificationKind.reviewPublishedRealtor
        try await enqueue(cancelling: cancelling, [
            NewNotification(dedupeKey: "review:\(review.reviewId.uuidString.lowercased()):\(kind.rawValue):"
                                + "\(review.realtorId)",
                            chatId: review.realtorId, kind: kind, bookingId: review.bookingId,
                            payload: NotificationPayload(text: Texts.reviewPublishedRealtor(rating: review.rating,
                                                                                            place: place),
                                                         buttons: [[Texts.reviews(review.apartmentId)]])),
        ])
    }

    /// «2-комн., Алмалинский, Алматы» from the catalog's public card; nil when the catalog cannot tell now (the
    /// text then does without it rather than holding the event back).
    func apartmentLabel(_ apartmentId: UUID) async -> String? {
        guard let card = try? await lookups.apartmentCard(apartmentId) else { return nil }
        return Texts.apartmentLabel(card)
    }

    // MARK: Payment events (the chat comes from the notifier's copy of the booking, else the booking service)

    /// The booking as the notifier last heard of it (its chat and number never change), asking the booking
    /// service only about a booking no event has told of yet: a guest waiting on a payment's outcome is not left
    /// in silence because booking is down.
    func knownBooking(_ bookingId: UUID) async throws -> BookingSummary? {
        if let booking = try await replicas.booking(bookingId) { return booking }
        return try await lookups.booking(bookingId)
    }

    public func handle(_ envelope: Envelope<RefundCompleted>) async throws {
        let refund = envelope.payload
        guard let booking = try await knownBooking(refund.bookingId) else { return }
        try await enqueue([immediate(envelope.messageId, .refundCompletedGuest, booking, chat: booking.guestChatId,
                                     payload: NotificationPayload(
                                        text: Texts.refundCompletedGuest(amountTiyn: refund.amountTiyn,
                                                                         booking: booking),
                                        buttons: [[Texts.mainMenu]]))])
    }

    public func handle(_ envelope: Envelope<PaymentFailed>) async throws {
        let failure = envelope.payload
        guard let bookingId = failure.bookingId, let booking = try await knownBooking(bookingId) else { return }
        try await enqueue([immediate(envelope.messageId, .paymentFailedGuest, booking, chat: booking.guestChatId,
                                     payload: NotificationPayload(
                                        text: Texts.paymentFailedGuest(booking, amountTiyn: failure.amountTiyn,
                                                                       reason: failure.reason),
                                        buttons: [[Texts.currentBooking], [Texts.mainMenu]]))])
    }

    // MARK: Catalog events (the realtor's phone, for a guest whose access details are late)

    public func handle(_ envelope: Envelope<ApartmentPublished>) async throws {
        let event = envelope.payload
        try await replicas.recordContact(apartmentId: event.apartmentId, realtorPhone: event.realtorPhone,
                                         occurredAt: event.occurredAt)
    }

    public func handle(_ envelope: Envelope<ApartmentUpdated>) async throws {
        let event = envelope.payload
        try await replicas.recordContact(apartmentId: event.apartmentId, realtorPhone: event.realtorPhone,
                                         occurredAt: event.occurredAt)
    }

    public func handle(_ envelope: Envelope<ApartmentHidden>) async throws {
        let event = envelope.payload
        try await replicas.recordContact(apartmentId: event.apartmentId, realtorPhone: event.realtorPhone,
                                         occurredAt: event.occurredAt)
    }

    // MARK: Command

    public func handle(_ envelope: Envelope<SendNotification>) async throws {
        let command = envelope.payload
        try await enqueue([NewNotification(dedupeKey: "send:\(command.dedupeKey)", chatId: command.chatId,
                                           kind: .direct,
                                           payload: NotificationPayload(text: command.text,
                                                                        buttons: command.buttons ?? []),
                                           notBefore: command.notBefore)])
    }

    // MARK: Building blocks

    /// 10:00 UTC+5 of the check-in's business date.
    func checkInMorning(_ booking: BookingSummary) -> Date? {
        let calendar = BusinessClock.calendar
        var parts = calendar.dateComponents([.year, .month, .day], from: booking.checkIn)
        parts.hour = checkInDayHour
        parts.minute = 0
        return calendar.date(from: parts)
    }

    private func immediate(_ messageId: UUID, _ kind: NotificationKind, _ booking: BookingSummary, chat: Int64,
                           payload: NotificationPayload) -> NewNotification
    {
        NewNotification(dedupeKey: "\(messageId.uuidString.lowercased()):\(kind.rawValue):\(chat)", chatId: chat,
                        kind: kind, bookingId: booking.bookingId, payload: payload)
    }

    private func scheduled(_ kind: NotificationKind, _ booking: BookingSummary, chat: Int64, at: Date, text: String,
                           buttons: [[NotificationButton]], statuses: [BookingStatus]) -> NewNotification
    {
        scheduled(kind, booking, chat: chat, at: at,
                  payload: NotificationPayload(text: text, buttons: buttons,
                                               condition: .bookingStatus(bookingId: booking.bookingId,
                                                                         oneOf: statuses)))
    }

    private func scheduled(_ kind: NotificationKind, _ booking: BookingSummary, chat: Int64, at: Date,
                           payload: NotificationPayload) -> NewNotification
    {
        NewNotification(dedupeKey: "\(booking.bookingId.uuidString.lowercased()):\(kind.rawValue)", chatId: chat,
                        kind: kind, bookingId: booking.bookingId, payload: payload, notBefore: at)
    }

    /// Queued notifications of a booking that an event makes pointless.
    struct Cancelling {
        var bookingId: UUID
        var kinds: [NotificationKind]
        var reason: String
    }

    /// Skips what `cancelling` names and queues `notifications` in one transaction, sent in one round trip; with
    /// a booking event, the notifier's copy of the booking is brought up to date in the same round trip.
    private func enqueue(remembering booking: BookingSummary? = nil, at occurredAt: Date = Date(),
                         cancelling: Cancelling? = nil, _ notifications: [NewNotification]) async throws
    {
        let now = clock.now()
        let replicas = replicas
        try await queue.database.withTransaction { transaction in
            if let booking {
                try replicas.rememberDeferred(booking, occurredAt: occurredAt, in: transaction)
            }
            if let cancelling {
                try queue.cancelDeferred(bookingId: cancelling.bookingId, kinds: cancelling.kinds,
                                         reason: cancelling.reason, in: transaction)
            }
            for notification in notifications {
                try queue.enqueueDeferred(notification, now: now, in: transaction)
            }
        }
    }
}
