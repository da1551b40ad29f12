import Contracts
import Database
import Foundation
import HTTPClient
import Logging
import Messaging
import ServiceLifecycle
import ServiceRuntime

/// Kaspi payments: the pay-by-account endpoint (Kaspi calls us), the Kaspi Pay partner API (we call Kaspi), the
/// payment log and refunds. See docs/payments.md.
public enum PaymentsApp: ServiceDefinition {
    public static let service: ServiceName = .payments
    public static let defaultPort = 8084

    public static func migrations() throws -> [Migration] { try bundledMigrations(.module) }

    public static func build(_ foundation: ServiceFoundation) async throws -> ServiceParts {
        let reader = foundation.configuration.reader
        let environment = foundation.configuration.environment
        let configuration = try PaymentsConfiguration.load(from: reader, environment: environment,
                                                           httpHost: foundation.configuration.httpHost)
        let partner = try KaspiPartnerConfiguration.load(from: reader)
        let clock = try BusinessClock.load(from: reader, environment: environment)
        let askBooking = BusBookingGateway(bus: foundation.bus)
        // Kaspi's `check` is answered from payments' own replica of live holds when it can; `pay` asks booking.
        let replica = PayableBookingReplica(database: foundation.database)
        let booking = ReplicatedBookingGateway(replica: replica, fallback: askBooking, clock: clock,
                                               logger: Logger(label: "payments.pay-by-account"))
        let log = PaymentLogRepository(database: foundation.database, logger: Logger(label: "payments.log"))

        let payByAccount = PayByAccountService(database: foundation.database, outbox: foundation.outbox,
                                               booking: booking, clock: clock, lease: configuration.payLease,
                                               logger: Logger(label: "payments.pay-by-account"))
        let endpoint = PayByAccountEndpoint(service: payByAccount, policy: configuration.sources, log: log,
                                            logger: Logger(label: "payments.kaspi-endpoint"))
        var services: [any Service] = [KaspiListener.make(endpoint: endpoint, host: configuration.kaspiHost,
                                                          port: configuration.kaspiPort)]

        let client = partner.map { partner in
            KaspiPartnerClient(http: HTTPClient(configuration: HTTPClientConfiguration(threads: 1),
                                                logger: Logger(label: "payments.kaspi-api")),
                               configuration: partner, log: log, logger: Logger(label: "payments.kaspi-api"))
        }
        let requests = KaspiPaymentRequests(database: foundation.database, booking: booking, client: client,
                                            pollInterval: partner?.pollInterval ?? .seconds(5),
                                            invoiceLifetime: partner?.invoiceLifetime ?? .seconds(900),
                                            logger: Logger(label: "payments.kaspi-requests"))
        if let client, let partner {
            let poller = KaspiPaymentPoller(database: foundation.database, outbox: foundation.outbox, booking: booking,
                                            client: client, clock: clock, pollInterval: partner.pollInterval,
                                            confirmationTimeout: partner.confirmationTimeout,
                                            logger: Logger(label: "payments.kaspi-poller"))
            let processor = RefundProcessor(database: foundation.database, outbox: foundation.outbox, client: client,
                                            clock: clock, logger: Logger(label: "payments.refunds"))
            services.append(LoopService("kaspi-poller") { try await poller.run() })
            services.append(LoopService("refund-processor") { try await processor.run() })
        } else {
            foundation.logger.warning("KASPI_API_URL is not set: invoices, payment links and Kaspi refunds are off")
        }
        let cancellations = BookingCancelledHandler(database: foundation.database, inbox: foundation.inbox,
                                                    outbox: foundation.outbox, clock: clock, replica: replica)
        return ServiceParts(subscriptions: subscriptions(requests: requests, cancellations: cancellations,
                                                         replica: BookingReplicaHandler(replica: replica)),
                            services: services)
    }

    /// Everything payments handles from the bus, in one place.
    static func subscriptions(requests: KaspiPaymentRequests, cancellations: BookingCancelledHandler,
                              replica: BookingReplicaHandler) -> Subscriptions
    {
        Subscriptions { subscriptions in
            // Every event handler here is correct in any order (the replica only ever closes a booking; refunds
            // are keyed by the inbox and the refund row), so each consumer may run several at once.
            subscriptions.allowConcurrentHandlers(8, on: .events)
            subscriptions.on(BookingHeld.self) { envelope, _ in try await replica.held(envelope.payload) }
            subscriptions.on(BookingExpired.self) { envelope, _ in try await replica.expired(envelope.payload) }
            subscriptions.onRequest(CreateKaspiInvoice.self) { envelope, _ in
                try await requests.createInvoice(envelope.payload)
            }
            subscriptions.onRequest(CreateKaspiPaymentLink.self) { envelope, _ in
                try await requests.createLink(envelope.payload)
            }
            subscriptions.on(BookingCancelled.self) { envelope, context in
                try await cancellations.handle(envelope, logger: context.logger)
            }
        }
    }
}
