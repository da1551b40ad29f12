@testable import Catalog
import Contracts
import Database
import Foundation
import Messaging
import TestSupport
import Testing

/// Reviews through the real bus: the catalog's own subscriptions ask "booking" for the stay over RabbitMQ, where a
/// BOOKING TEST DOUBLE (a bus named `booking` on the test vhost answering `GetBooking` from a dictionary) stands
/// in for the booking service; a gateway-like client submits, lists and reads the card.
@Suite struct ReviewRPCTests {
    func busConfiguration(_ broker: TestBroker, service: ServiceName) throws -> BusConfiguration {
        try BusConfiguration(url: broker.amqpURL, service: service, retryDelays: [.milliseconds(100)],
                             rpcTimeout: .seconds(10))
    }

    /// Booking test double: answers `GetBooking` (asked by services without `guestId`) from `bookings`.
    func bookingTestDouble(_ broker: TestBroker, bookings: [BookingSummary]) throws -> MessageBus {
        let known = Dictionary(uniqueKeysWithValues: bookings.map { ($0.bookingId, $0) })
        let subscriptions = Subscriptions { s in
            s.onRequest(GetBooking.self) { envelope, _ in
                let booking = known[envelope.payload.bookingId]
                if let guestId = envelope.payload.guestId, booking?.guestId != guestId { return BookingLookup(booking: nil) }
                return BookingLookup(booking: booking)
            }
        }
        return MessageBus(configuration: try busConfiguration(broker, service: .booking), subscriptions: subscriptions,
                          logger: testLogger)
    }

    @Test func aGuestReviewsAFinishedStayThroughTheBus() async throws {
        try await withCatalogDatabase { catalog in
            let apartment = try await catalog.makeApartment()
            let finished = ReviewFixtures.booking(apartment: apartment.id, guest: 5001)
            let upcoming = ReviewFixtures.booking(apartment: apartment.id, guest: 5002, status: .paid,
                                                  checkOut: ReviewFixtures.now.addingTimeInterval(86_400))
            try await withTestVirtualHost { broker in
                let booking = try bookingTestDouble(broker, bookings: [finished, upcoming])
                let server = MessageBus(configuration: try busConfiguration(broker, service: .catalog), logger: testLogger)
                try server.install(CatalogApp.subscriptions(database: catalog.pool, inbox: Inbox(),
                                                            configuration: catalog.configuration, bus: server,
                                                            clock: ReviewFixtures.clock()))
                let client = MessageBus(configuration: try busConfiguration(broker, service: .gateway), logger: testLogger)
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await booking.run() }
                    group.addTask { try await server.run() }
                    defer { group.cancelAll() }
                    try await waitUntil("the catalog and booking buses are connected") {
                        server.isConnected && booking.isConnected
                    }
                    let eligibility = try await client.request(envelope(
                        GetReviewEligibility(bookingId: finished.bookingId, guestId: 5001))).payload
                    #expect(eligibility.eligible)
                    let refused = try await client.request(envelope(
                        SubmitReview(bookingId: upcoming.bookingId, guestId: 5002, rating: 5))).payload
                    #expect(refused == .notEligible(.stayNotFinished))
                    let submitted = try await client.request(envelope(
                        SubmitReview(bookingId: finished.bookingId, guestId: 5001, rating: 4, text: "Уютно"))).payload
                    #expect(submitted.result == .published && submitted.review?.text == "Уютно")
                    let card = try await client.request(envelope(GetApartmentCard(apartmentId: apartment.id))).payload
                    #expect(card.ratingAverage == 4 && card.ratingCount == 1)
                    let page = try await client.request(envelope(ListReviews(apartmentId: apartment.id))).payload
                    #expect(page.total == 1 && page.reviews.first?.rating == 4 && page.pageCount == 1)
                    do {
                        _ = try await client.request(envelope(SubmitReview(bookingId: finished.bookingId, guestId: 5001,
                                                                           rating: 9)))
                        Issue.record("a rating of 9 was accepted")
                    } catch let RPCError.remote(code, _) {
                        #expect(code == CatalogErrorCode.badRequest)
                    }
                    await client.shutdown()
                    await server.shutdown()
                    await booking.shutdown()
                }
            }
        }
    }
}
