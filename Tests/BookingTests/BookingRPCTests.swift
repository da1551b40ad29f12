@testable import Booking
@testable import Catalog
import Contracts
import Database
import Foundation
import Messaging
import TestSupport
import Testing

/// Booking's subscriptions behind a real RabbitMQ, asked as the gateway, payments and the catalog ask them.
@Suite struct BookingRPCTests {
    func busConfiguration(_ broker: TestBroker, service: ServiceName, consumers: Int = 2) throws -> BusConfiguration {
        try BusConfiguration(url: broker.amqpURL, service: service, consumersPerQueue: consumers,
                             retryDelays: [.milliseconds(100)], rpcTimeout: .seconds(20))
    }

    /// Runs `servers` (each a bus with its subscriptions) and a client bus while `body` runs.
    func withServers(_ servers: [MessageBus], client: MessageBus, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for server in servers { group.addTask { try await server.run() } }
            for server in servers {
                try await waitUntil("the \(server.configuration.service) bus is connected") { server.isConnected }
            }
            do {
                try await body()
            } catch {
                await client.shutdown()
                group.cancelAll()
                throw error
            }
            await client.shutdown()
            group.cancelAll()
            try await group.waitForAll()
        }
    }

    /// A catalog stand-in answering `GetApartmentCard` for one apartment.
    func fakeCatalog(_ broker: TestBroker, card: ApartmentCard) throws -> MessageBus {
        var subscriptions = Subscriptions()
        subscriptions.onRequest(GetApartmentCard.self) { envelope, _ in
            guard envelope.payload.apartmentId == card.id else {
                throw RPCRemoteError(code: CatalogErrorCode.notFound, message: "apartment not found")
            }
            return card
        }
        return MessageBus(configuration: try busConfiguration(broker, service: .catalog), subscriptions: subscriptions,
                          logger: testLogger)
    }

    static func card(_ id: UUID, price: Int64) -> ApartmentCard {
        ApartmentCard(id: id, realtorId: 31, cityId: 2, cityName: "Алматы", districtId: 204,
                      districtName: "Бостандыкский", apartmentClass: .comfort, rooms: 2, pricePerNightTiyn: price,
                      description: "", ratingAverage: nil, ratingCount: 0, isListed: true, photos: [])
    }

    @Test func twentyGuestsRacingForTheSameDatesGetExactlyOneHold() async throws {
        try await withBookingDatabase { booking in
            try await withTestVirtualHost { broker in
                let apartmentId = UUID()
                // The apartment is new to booking: the first holds ask the (fake) catalog over the bus.
                let catalog = try fakeCatalog(broker, card: Self.card(apartmentId, price: 2_500_000))
                let client = MessageBus(configuration: try busConfiguration(broker, service: .gateway),
                                        logger: testLogger)
                let engine = BookingEngine(database: booking.pool, outbox: booking.outbox, inbox: Inbox(),
                                           clock: booking.clock.businessClock, settings: BookingSettings(),
                                           catalog: BusCatalogApartments(bus: client), logger: testLogger)
                let server = MessageBus(configuration: try busConfiguration(broker, service: .booking, consumers: 6),
                                        subscriptions: engine.subscriptions, logger: testLogger)
                try await withServers([server, catalog], client: client) {
                    let checkIn = businessInstant(daysFromToday: 10, hour: 14)
                    let checkOut = businessInstant(daysFromToday: 12, hour: 12)
                    let outcomes = try await withThrowingTaskGroup(of: HoldOutcome.self) { group in
                        for guest in 1...20 {
                            group.addTask {
                                try await client.request(request(PlaceHold(
                                    requestId: UUID(), apartmentId: apartmentId, guestId: Int64(guest),
                                    guestChatId: Int64(guest), checkIn: checkIn, checkOut: checkOut))).payload
                            }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                    #expect(outcomes.filter { $0.result == .held }.count == 1)
                    #expect(outcomes.filter { $0.result == .unavailable }.count == 19)
                    let winner = try #require(outcomes.first { $0.result == .held }?.booking)
                    #expect(winner.totalTiyn == 5_000_000)
                    let live = try await booking.pool.query("""
                        SELECT id FROM stays WHERE apartment_id = \(apartmentId) AND status = 'held'
                        """)
                    #expect(live.count == 1)
                    #expect(try await booking.outboxEvents(BookingHeld.self).count == 1)

                    let busy = try await client.request(request(CheckAvailability(
                        apartmentIds: [apartmentId], checkIn: checkIn, checkOut: checkOut))).payload
                    #expect(busy.busyApartmentIds == [apartmentId])
                }
            }
        }
    }

    @Test func theWholeBookingConversationWorksOverTheBus() async throws {
        try await withBookingDatabase { booking in
            try await withTestVirtualHost { broker in
                let apartment = booking.makeApartment(pricePerNightTiyn: 1_000_000)
                let client = MessageBus(configuration: try busConfiguration(broker, service: .gateway),
                                        logger: testLogger)
                let server = MessageBus(configuration: try busConfiguration(broker, service: .booking),
                                        subscriptions: booking.engine.subscriptions, logger: testLogger)
                try await withServers([server], client: client) {
                    let held = try #require(try await client.request(request(PlaceHold(
                        requestId: UUID(), apartmentId: apartment.apartmentId, guestId: 5, guestChatId: 55,
                        checkIn: businessInstant(daysFromToday: 4, hour: 14),
                        checkOut: businessInstant(daysFromToday: 5, hour: 12)))).payload.booking)
                    let payable = try await client.request(request(CheckPayable(account: held.number))).payload
                    #expect(payable.result == .payable && payable.booking?.totalTiyn == 1_000_000)
                    let settled = try await client.request(request(SettlePayment(
                        account: held.number, amountTiyn: 1_000_000, paymentReference: "account:42",
                        paidAt: testNow))).payload
                    #expect(settled.result == .settled)
                    let own = try await client.request(request(GetBooking(bookingId: held.bookingId, guestId: 5)))
                    #expect(own.payload.booking?.status == .paid)
                    let foreign = try await client.request(request(GetBooking(bookingId: held.bookingId, guestId: 6)))
                    #expect(foreign.payload.booking == nil)
                    let page = try await client.request(request(ListGuestBookings(guestId: 5, scope: .current,
                                                                                  offset: 0, limit: 5))).payload
                    #expect(page.bookings.map(\.bookingId) == [held.bookingId])

                    // The catalog verifies a guest's booking with GetBooking before revealing access details.
                    let directory = BusBookingDirectory(bus: client)
                    let seen = try #require(try await directory.booking(held.bookingId))
                    #expect(seen.guestId == 5 && seen.apartmentId == apartment.apartmentId && seen.status == .paid)
                    #expect(try await directory.booking(UUID()) == nil)

                    let cancelled = try await client.request(request(CancelBooking(bookingId: held.bookingId,
                                                                                   guestId: 5))).payload
                    #expect(cancelled.result == .cancelled && cancelled.refundPercent == 100)
                    #expect(cancelled.booking?.refundTiyn == 1_000_000)
                }
            }
        }
    }
}
