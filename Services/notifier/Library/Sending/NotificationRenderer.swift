import Contracts
import Foundation

/// Turns a claimed notification into the message to send, right before sending: evaluates its condition and
/// fetches access details. Nothing it fetches is stored.
///
/// A guest who paid is never left in silence (``AccessFallback``): when the details cannot be revealed, the
/// confirmation goes without them and a follow-up takes over, retried every few seconds, alerting the realtor and
/// the operators once the guest has waited longer than ``AccessSettings/alertAfter``.
public struct NotificationRenderer: Sendable {
    public enum Decision: Sendable {
        /// Send; `then` is queued in the same transaction that records the send.
        case send(text: String, buttons: [[NotificationButton]], then: [NewNotification])
        case skip(reason: String)
        /// Try again within `retryWithin` seconds at most (nil: the usual back-off); `alerts` are queued with the
        /// retry (idempotently: each once per booking and chat).
        case retry(error: String, retryWithin: Double?, alerts: [NewNotification])
    }

    /// How the fallback behaves (`NOTIFIER_ACCESS_*` variables).
    public struct AccessSettings: Sendable {
        /// How long a reveal may take before the confirmation goes without the details.
        public var revealTimeout: Duration = .seconds(5)
        /// Longest pause between two tries of a follow-up.
        public var retryWithin: Double = 15
        /// After this long without details the realtor and ``operatorChats`` are alerted.
        public var alertAfter: TimeInterval = 5 * 60
        /// Telegram chats of the operators (superadmins) who get the alerts too.
        public var operatorChats: [Int64] = []

        public init() {}
    }

    let lookups: any NotifierLookups
    let replicas: NotifierReplicas?
    let access: AccessSettings

    public init(lookups: any NotifierLookups, replicas: NotifierReplicas? = nil, access: AccessSettings = AccessSettings()) {
        self.lookups = lookups
        self.replicas = replicas
        self.access = access
    }

    /// Throws when a lookup failed (transient: retry later). `now` is business time.
    public func render(_ notification: QueuedNotification, now: Date) async throws -> Decision {
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
        guard let reference = payload.accessDetails else {
            return .send(text: payload.text, buttons: payload.buttons, then: [])
        }
        do {
            // Only a message with a fallback is worth sending without the details: it waits briefly.
            let details = try await lookups.revealAccess(reference,
                                                         timeout: payload.accessFallback == nil ? nil : access.revealTimeout)
            return .send(text: payload.text + "\n" + Texts.accessDetails(details), buttons: payload.buttons, then: [])
        } catch {
            guard let fallback = payload.accessFallback else { throw error }
            return await withoutDetails(notification, reference, fallback, failure: error, now: now)
        }
    }

    /// The details could not be revealed: the confirmation goes without them (and queues its follow-up), a
    /// follow-up tries again soon (alerting once the guest has waited too long).
    private func withoutDetails(_ notification: QueuedNotification, _ reference: AccessDetailsReference,
                                _ fallback: AccessFallback, failure: any Error, now: Date) async -> Decision
    {
        let payload = notification.payload
        switch fallback.role {
        case .confirmation:
            let phone = try? await replicas?.realtorPhone(apartmentId: reference.apartmentId)
            return .send(text: payload.text + "\n" + Texts.accessDetailsFollow(realtorPhone: phone),
                         buttons: payload.buttons, then: [followUp(notification, reference, fallback, now: now)])
        case .followUp:
            let waited = now.timeIntervalSince(fallback.waitingSince ?? now)
            let alerts = waited >= access.alertAfter
                ? self.alerts(notification, reference, fallback, waited: waited) : []
            return .retry(error: "access details unavailable: \(failure)", retryWithin: access.retryWithin,
                          alerts: alerts)
        }
    }

    /// The message that brings the details later: the same chat, sent as soon as they can be revealed, while the
    /// booking is still paid or the stay in progress.
    private func followUp(_ notification: QueuedNotification, _ reference: AccessDetailsReference,
                          _ fallback: AccessFallback, now: Date) -> NewNotification
    {
        var waiting = fallback
        waiting.role = .followUp
        waiting.waitingSince = now
        let kind = NotificationKind.accessDetailsGuest
        return NewNotification(
            dedupeKey: "\(reference.bookingId.uuidString.lowercased()):\(kind.rawValue)", chatId: notification.chatId,
            kind: kind, bookingId: reference.bookingId,
            payload: NotificationPayload(text: Texts.accessDetailsFollowUp(bookingNumber: fallback.bookingNumber),
                                         buttons: [[Texts.details(reference.bookingId)]],
                                         condition: .bookingStatus(bookingId: reference.bookingId,
                                                                   oneOf: [.paid, .checkedIn]),
                                         accessDetails: reference, accessFallback: waiting))
    }

    /// One alert per chat (the realtor, each operator), once per booking whatever the retries.
    private func alerts(_ notification: QueuedNotification, _ reference: AccessDetailsReference,
                        _ fallback: AccessFallback, waited: TimeInterval) -> [NewNotification]
    {
        let kind = NotificationKind.accessUnavailableAlert
        let minutes = max(1, Int(waited / 60))
        var chats: [(Int64, String)] = [(fallback.realtorId, Texts.accessUnavailableRealtor(
            bookingNumber: fallback.bookingNumber, minutes: minutes))]
        for chat in access.operatorChats where chat != fallback.realtorId {
            chats.append((chat, Texts.accessUnavailableOperator(bookingNumber: fallback.bookingNumber,
                                                                minutes: minutes)))
        }
        return chats.map { chat, text in
            NewNotification(dedupeKey: "\(reference.bookingId.uuidString.lowercased()):\(kind.rawValue):\(chat)",
                            chatId: chat, kind: kind, bookingId: reference.bookingId,
                            payload: NotificationPayload(text: text))
        }
    }
}
