@testable import Catalog
import Contracts
import Database
import Foundation
import Messaging
import TestSupport
import Testing

/// Reviews in the real `catalog` executable: it reads the business clock from `ZG_CLOCK_SHIFT`, asks a BOOKING
/// TEST DOUBLE (a bus named `booking` on the platform's vhost answering `GetBooking` from a dictionary) and relays
/// `catalog.review.published.v1` through its outbox.
@Suite struct ReviewServiceTests {
    /// Collects the review events a notifier-like subscriber receives.
    final class ReceivedEvents: @unchecked Sendable {
        // Guarded by `lock`: written by the bus's handler task, read by the test.
        private let lock = NSLock()
        private var published: [ReviewPublished] = []

        func add(_ event: ReviewPublished) { lock.withLock { published.append(event) } }
        var all: [ReviewPublished] { lock.withLock { published } }
    }

    @Test func theCatalogJudgesTheReviewWindowByItsShiftedClock() async throws {
        try await PlatformHarness.with { platform in
            let keyring = try TestKeys.keyring("k1")
            let process = try await platform.start(.catalog, overrides: [
                "CODES_ENCRYPTION_KEYS": try TestKeys.environmentValue("k1"),
                "ZG_CLOCK_SHIFT": "+31d",
            ])
            let url = try #require(platform.databaseURLs[.catalog])
            let pool = platform.database.makePool(configuration: DatabaseConfiguration(url: url, poolSize: 2,
                                                                                       searchPath: "catalog"))
            let events = ReceivedEvents()
            let listener = MessageBus(
                configuration: try BusConfiguration(url: platform.broker.amqpURL, service: .notifier),
                subscriptions: Subscriptions { s in s.on(ReviewPublished.self) { envelope, _ in events.add(envelope.payload) } },
                logger: testLogger)
            let client = MessageBus(configuration: try BusConfiguration(url: platform.broker.amqpURL, service: .gateway),
                                    logger: testLogger)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await listener.run() }
                try await waitUntil("the catalog answers", deadline: .seconds(60), diagnostics: { process.log }) {
                    (try? await client.request(envelope(ListCities()), timeout: .seconds(3))) != nil
                }
                // The running catalog migrated the schema; write an apartment into it as the realtor flow would.
                let catalog = CatalogFixture(database: platform.database, pool: pool, keyring: keyring)
                let apartment = try await catalog.makeApartment()
                let realNow = Date()
                // Ended 2 hours ago by the real clock: 31 days ago for the shifted catalog.
                let old = ReviewFixtures.booking(apartment: apartment.id, guest: 5001,
                                                 checkOut: realNow.addingTimeInterval(-2 * 3600))
                // Ends in 30 days by the real clock: a day ago for the shifted catalog.
                let recent = ReviewFixtures.booking(apartment: apartment.id, guest: 5002,
                                                    checkOut: realNow.addingTimeInterval(30 * 86_400))
                let known = [old.bookingId: old, recent.bookingId: recent]
                let booking = MessageBus(
                    configuration: try BusConfiguration(url: platform.broker.amqpURL, service: .booking),
                    subscriptions: Subscriptions { s in
                        s.onRequest(GetBooking.self) { envelope, _ in BookingLookup(booking: known[envelope.payload.bookingId]) }
                    },
                    logger: testLogger)
                group.addTask { try await booking.run() }
                try await waitUntil("the booking test double and the listener are connected") {
                    booking.isConnected && listener.isConnected
                }

                let late = try await client.request(envelope(SubmitReview(bookingId: old.bookingId, guestId: 5001,
                                                                          rating: 2))).payload
                #expect(late == .notEligible(.tooLate))
                let fresh = try await client.request(envelope(SubmitReview(bookingId: recent.bookingId, guestId: 5002,
                                                                           rating: 5, text: "Отлично"))).payload
                let review = try #require(fresh.review)
                #expect(fresh.result == .published)
                let card = try await client.request(envelope(GetApartmentCard(apartmentId: apartment.id))).payload
                #expect(card.ratingAverage == 5 && card.ratingCount == 1)
                try await waitUntil("the review event is relayed", deadline: .seconds(30)) { !events.all.isEmpty }
                #expect(events.all.map(\.reviewId) == [review.reviewId])
                #expect(events.all.first?.realtorId == 1001 && events.all.first?.bookingId == recent.bookingId)

                await client.shutdown()
                await booking.shutdown()
                await listener.shutdown()
                group.cancelAll()
            }
            #expect(await process.terminate() == 0)
        }
    }
}
