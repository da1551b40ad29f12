import Foundation
import Testing

@testable import Notifier

@Suite struct UrgentFirstTests {
    /// A backlog of realtor alerts queued earlier does not delay a guest's access details.
    @Test func aGuestsDetailsAreClaimedBeforeAnEarlierBacklog() async throws {
        try await withNotifierDatabase { fixture in
            let backlog = (0..<40).map { index in
                NewNotification(dedupeKey: "realtor:\(index)", chatId: Int64(60_000 + index), kind: .bookingPaidRealtor,
                                payload: NotificationPayload(text: "alert \(index)"))
            }
            try await enqueueAll(backlog, pool: fixture.pool, now: Date().addingTimeInterval(-60))
            let details = NewNotification(dedupeKey: "guest:1", chatId: 61_000, kind: .bookingPaidGuest,
                                          payload: NotificationPayload(text: "details"))
            try await enqueueAll([details], pool: fixture.pool)

            let queue = NotificationQueue(database: fixture.pool)
            let claim = try await queue.claim(maximum: 5, businessNow: Date(), instance: UUID())
            #expect(claim.notifications.count == 5)
            // Queued last, claimed first; the other four are the earliest of the backlog.
            #expect(Set(claim.notifications.map(\.chatId)) == [61_000, 60_000, 60_001, 60_002, 60_003],
                    "\(claim.notifications.map(\.chatId))")
        }
    }
}

/// A claim reads a window of the oldest due notifications (NotificationQueue.claimWindow) rather than sorting the
/// whole queue; what the window cannot offer is still found.
@Suite struct ClaimWindowTests {
    /// The window holds only one flooded chat's messages, which its limiter holds back: the other chats' messages
    /// behind it are claimed all the same.
    @Test func aWindowFullOfOneChatDoesNotHoldBackOtherChats() async throws {
        try await withNotifierDatabase { fixture in
            let flood = (0..<(NotificationQueue.claimWindow + 20)).map { index in
                NewNotification(dedupeKey: "flood:\(index)", chatId: 70_000, kind: .direct,
                                payload: NotificationPayload(text: "flood \(index)"))
            }
            try await enqueueAll(flood, pool: fixture.pool, now: Date().addingTimeInterval(-120))
            try await enqueueAll([NewNotification(dedupeKey: "other:1", chatId: 70_001, kind: .direct,
                                                  payload: NotificationPayload(text: "other"))],
                                 pool: fixture.pool, now: Date().addingTimeInterval(-60))
            let queue = NotificationQueue(database: fixture.pool)
            let first = try await queue.claim(maximum: 5, businessNow: Date(), instance: UUID())
            // One per chat: the flooded chat's oldest, and the other chat's message from beyond the window (which
            // holds only chat 70,000's).
            #expect(Set(first.notifications.map(\.chatId)) == [70_000, 70_001], "\(first.notifications.map(\.chatId))")
            #expect(first.notifications.first { $0.chatId == 70_000 }?.dedupeKey == "flood:0")

            try await enqueueAll([NewNotification(dedupeKey: "other:2", chatId: 70_002, kind: .direct,
                                                  payload: NotificationPayload(text: "late"))],
                                 pool: fixture.pool, now: Date().addingTimeInterval(-30))
            // Chat 70,000 now has a message in flight, so nothing in the window may go: the late message of a
            // third chat is claimed from beyond it.
            let second = try await queue.claim(maximum: 5, businessNow: Date(), instance: UUID())
            #expect(second.notifications.map(\.chatId) == [70_002])
        }
    }

    /// Urgent notifications come first through the window too, however many older others are queued.
    @Test func urgentOnesLeadTheWindowBehindALongBacklog() async throws {
        try await withNotifierDatabase { fixture in
            let backlog = (0..<(NotificationQueue.claimWindow * 2)).map { index in
                NewNotification(dedupeKey: "alert:\(index)", chatId: Int64(80_000 + index), kind: .bookingPaidRealtor,
                                payload: NotificationPayload(text: "alert \(index)"))
            }
            try await enqueueAll(backlog, pool: fixture.pool, now: Date().addingTimeInterval(-60))
            try await enqueueAll([NewNotification(dedupeKey: "guest:9", chatId: 81_000, kind: .bookingPaidGuest,
                                                  payload: NotificationPayload(text: "details"))],
                                 pool: fixture.pool)
            let queue = NotificationQueue(database: fixture.pool)
            let claim = try await queue.claim(maximum: 3, businessNow: Date(), instance: UUID())
            #expect(Set(claim.notifications.map(\.chatId)) == [81_000, 80_000, 80_001])
        }
    }
}
