import Contracts
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// Bookings: holds, payments' settlement, the stay lifecycle driven by the business clock, cancellations with
/// refund tiers, and availability for the gateway's search. See docs/booking.md.
public enum BookingApp: ServiceDefinition {
    public static let service: ServiceName = .booking
    public static let defaultPort = 8083

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        let configuration = foundation.configuration
        let settings = try BookingSettings.load(from: configuration.reader)
        let clock = try BusinessClock.load(from: configuration.reader, environment: configuration.environment)
        if clock.shift != 0 {
            foundation.logger.warning("business clock shifted", metadata: ["clock.shift.seconds": "\(clock.shift)"])
        }
        let engine = BookingEngine(database: foundation.database, outbox: foundation.outbox, inbox: foundation.inbox,
                                   clock: clock, settings: settings,
                                   catalog: BusCatalogApartments(bus: foundation.bus),
                                   logger: Logger(label: "booking.scheduler"))
        let scheduler = engine.scheduler
        return ServiceParts(subscriptions: engine.subscriptions,
                            services: [LoopService("booking-scheduler") { await scheduler.run() }])
    }
}

/// Everything booking does, assembled from its dependencies (the service builds it from its foundation; tests
/// build it with their own clock).
struct BookingEngine: Sendable {
    let holds: HoldHandler
    let queries: BookingQueryHandler
    let cancellations: CancellationHandler
    let payments: PaymentHandler
    let availability: AvailabilityHandler
    let replica: ApartmentReplicaHandler
    let blocks: BlockHandler
    let ratings: GuestRatingHandler
    let noShows: NoShowHandler
    let scheduler: BookingScheduler

    init(database: DatabasePool, outbox: Outbox, inbox: Inbox, clock: BusinessClock, settings: BookingSettings,
         catalog: any CatalogApartments, logger: Logger)
    {
        let transitions = BookingTransitions(outbox: outbox)
        holds = HoldHandler(database: database, transitions: transitions, clock: clock,
                            holdDuration: settings.holdDuration, maxActiveHolds: settings.maxActiveHolds,
                            catalog: catalog)
        queries = BookingQueryHandler(database: database, refundTiers: settings.refundTiers)
        cancellations = CancellationHandler(database: database, transitions: transitions, clock: clock,
                                            tiers: settings.refundTiers)
        payments = PaymentHandler(database: database, transitions: transitions, clock: clock)
        availability = AvailabilityHandler(database: database)
        replica = ApartmentReplicaHandler(database: database, inbox: inbox)
        blocks = BlockHandler(database: database, outbox: outbox, clock: clock, catalog: catalog)
        ratings = GuestRatingHandler(database: database, outbox: outbox, clock: clock)
        noShows = NoShowHandler(database: database, transitions: transitions, clock: clock)
        scheduler = BookingScheduler(database: database, transitions: transitions, clock: clock,
                                     interval: settings.schedulerInterval, logger: logger)
    }

    /// Every message booking handles, in one place.
    var subscriptions: Subscriptions {
        let (holds, queries, cancellations, payments, availability, replica, blocks, ratings, noShows) =
            (holds, queries, cancellations, payments, availability, replica, blocks, ratings, noShows)
        return Subscriptions { s in
            s.onRequest(CheckAvailability.self) { envelope, _ in try await availability.check(envelope.payload) }
            s.onRequest(PlaceHold.self) { envelope, context in
                try await holds.placeHold(envelope, logger: context.logger)
            }
            s.onRequest(GetBooking.self) { envelope, _ in try await queries.get(envelope.payload) }
            s.onRequest(ListGuestBookings.self) { envelope, _ in try await queries.list(envelope.payload) }
            s.onRequest(CancelBooking.self) { envelope, context in
                try await cancellations.cancel(envelope, logger: context.logger)
            }
            s.onRequest(CheckPayable.self) { envelope, _ in try await payments.check(envelope.payload) }
            s.onRequest(SettlePayment.self) { envelope, context in
                try await payments.settle(envelope, logger: context.logger)
            }
            s.onRequest(PlaceBlock.self) { envelope, context in try await blocks.place(envelope, logger: context.logger) }
            s.onRequest(RemoveBlock.self) { envelope, context in
                try await blocks.remove(envelope, logger: context.logger)
            }
            s.onRequest(RateGuest.self) { envelope, context in try await ratings.rate(envelope, logger: context.logger) }
            s.onRequest(MarkNoShow.self) { envelope, context in try await noShows.mark(envelope, logger: context.logger) }
            s.on(ApartmentPublished.self) { envelope, _ in try await replica.published(envelope) }
            s.on(ApartmentUpdated.self) { envelope, _ in try await replica.updated(envelope) }
            s.on(ApartmentHidden.self) { envelope, _ in try await replica.hidden(envelope) }
        }
    }
}
