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
