import Contracts
import Cryptography
import Database
import Foundation
import Logging
import Messaging
import ServiceRuntime

/// The catalog: cities, districts, apartments, photos, access codes (encrypted), and the audit of their reveals.
///
/// Serves the gateway over RPC (`catalog.*.v1`, see docs/catalog.md and docs/reviews.md), records Telegram
/// `file_id`s from a command, and publishes `catalog.apartment.{published,updated,hidden}.v1` and
/// `catalog.review.{published,hidden}.v1` through its outbox.
public enum CatalogApp: ServiceDefinition {
    public static let service: ServiceName = .catalog
    public static let defaultPort = 8082

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        let configuration = try CatalogConfiguration.load(from: foundation.configuration.reader)
        foundation.logger.info("access code keys loaded", metadata: [
            "codes.key.current": "\(configuration.keyring.current.id)",
            "codes.keys": "\(configuration.keyring.keyIds.joined(separator: ","))",
        ])
        let clock = try BusinessClock.load(from: foundation.configuration.reader,
                                           environment: foundation.configuration.environment)
        let check = CodeKeyCheck(database: foundation.database, vault: AccessCodeVault(keyring: configuration.keyring))
        if let mismatch = try await check.run() {
            // Serving would take bookings whose door codes can never be shown: stay up, say why, serve nothing.
            foundation.logger.critical("access code keys do not fit this database: not serving",
                                       metadata: ["reason": "\(mismatch.message)"])
            return ServiceParts(subscriptions: Subscriptions(),
                                readiness: [ReadinessCheck(name: "codes-keys") { throw mismatch }])
        }
        return ServiceParts(subscriptions: subscriptions(database: foundation.database, inbox: foundation.inbox,
                                                         configuration: configuration, bus: foundation.bus,
                                                         outbox: foundation.outbox, clock: clock),
                            readiness: [ReadinessCheck(name: "codes-keys") {}])
    }

    /// Every message the catalog handles, in one place. `bus` asks booking about guests' bookings before access
    /// details are revealed to them and before they review a stay; without it every guest reveal and review is
    /// refused. `outbox` records review events (a private one, never relayed, when nil: tests and tools);
    /// `clock` decides the 30-day review window.
    public static func subscriptions(database: DatabasePool, inbox: Inbox, configuration: CatalogConfiguration,
                                     bus: MessageBus? = nil, outbox: Outbox? = nil,
                                     clock: BusinessClock = .system) -> Subscriptions
    {
        let bookings: any BookingDirectory = bus.map { BusBookingDirectory(bus: $0) } ?? NoBookings()
        let occupancy = BookingOccupancyHandler(database: database, inbox: inbox)
        let apartments = PostgresApartmentRepository()
        let listings = ListingQueryHandler(database: database, geography: PostgresGeographyRepository(),
                                           listings: PostgresListingRepository())
        let photos = PhotoHandler(database: database, inbox: inbox, photos: PostgresPhotoRepository())
        let access = AccessRevealHandler(database: database, vault: AccessCodeVault(keyring: configuration.keyring),
                                         apartments: apartments, audit: PostgresAccessAuditRepository(),
                                         bookings: bookings)
        let reviews = ReviewHandler(database: database,
                                    outbox: outbox ?? Outbox(producer: .catalog, signal: OutboxSignal()),
                                    bookings: bookings, clock: clock)
        return Subscriptions { s in
            s.onRequest(ListCities.self) { envelope, _ in try await listings.cities(envelope.payload) }
            s.onRequest(ListDistricts.self) { envelope, _ in try await listings.districts(envelope.payload) }
            s.onRequest(SearchApartments.self) { envelope, _ in try await listings.search(envelope.payload) }
            s.onRequest(GetApartmentCard.self) { envelope, _ in try await listings.card(envelope.payload) }
            s.onRequest(GetApartmentPhoto.self) { envelope, _ in try await photos.photo(envelope.payload) }
            s.onRequest(RevealApartmentAccess.self) { envelope, context in
                try await access.reveal(envelope, logger: context.logger)
            }
            s.onCommand(RecordPhotoFileId.self) { envelope, context in
                try await photos.recordFileId(envelope, logger: context.logger)
            }
            s.onRequest(SubmitReview.self) { envelope, context in
                try await reviews.submit(envelope, logger: context.logger)
            }
            s.onRequest(GetReviewEligibility.self) { envelope, _ in try await reviews.eligibility(envelope.payload) }
            s.onRequest(ListReviews.self) { envelope, _ in try await reviews.list(envelope.payload) }
            s.onRequest(HideReview.self) { envelope, context in
                try await reviews.hide(envelope, logger: context.logger)
            }
            s.on(BookingPaid.self) { envelope, _ in try await occupancy.paid(envelope) }
            s.on(BookingCheckedIn.self) { envelope, _ in try await occupancy.checkedIn(envelope) }
            s.on(BookingCompleted.self) { envelope, _ in try await occupancy.completed(envelope) }
            s.on(BookingCancelled.self) { envelope, _ in try await occupancy.cancelled(envelope) }
            s.on(BookingExpired.self) { envelope, _ in try await occupancy.expired(envelope) }
            s.on(BookingNoShow.self) { envelope, _ in try await occupancy.noShow(envelope) }
        }
    }

    /// Applies the catalog schema's migrations (messaging tables, then the catalog's own) like the service does at
    /// start, for tools and tests that write to the schema. `pool` must connect as the catalog role (or any role
    /// owning the `catalog` schema) with `search_path` = `catalog`.
    public static func migrate(_ pool: DatabasePool, logger: Logger) async throws {
        let migrator = Migrator(pool: pool, schema: service.rawValue, logger: logger)
        try await migrator.migrate(MessagingMigrations.all, component: "messaging")
        try await migrator.migrate(try migrations(), component: "service")
    }
}
