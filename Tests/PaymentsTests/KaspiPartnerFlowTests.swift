import Contracts
import Database
import Foundation
import HTTPClient
import Messaging
import KaspiSandbox
import Logging
@testable import Payments
import ServiceLifecycle
import ServiceRuntime
import TestSupport
import Testing

/// The partner-API flow against the real Kaspi sandbox (in process, over HTTP).
@Suite struct KaspiPartnerFlowTests {
    /// Runs the sandbox on a free port while `body` runs; passes the partner-API base URL.
    func withSandbox(_ body: (KaspiSandboxServer, String) async throws -> Void) async throws {
        let sandbox = KaspiSandboxServer(configuration: KaspiSandboxConfiguration(port: 0), logger: testLogger)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let group = ServiceGroup(configuration: .init(services: sandbox.services(onServerRunning: { continuation.yield($0) }),
                                                      logger: testLogger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            do {
                try await body(sandbox, "http://127.0.0.1:\(port)/r3/v01")
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func invoicePaidInTheSandboxIsSettledOnceByThePoller() async throws {
        try await withPaymentsFixture { payments in
            try await withSandbox { sandbox, baseURL in
                let configuration = KaspiPartnerConfiguration(
                    baseURL: baseURL, apiKey: KaspiSandboxConfiguration.developmentAPIKey,
                    organizationBin: KaspiSandboxConfiguration.developmentOrganizationBin,
                    deviceToken: KaspiSandboxConfiguration.developmentDeviceToken, tradePointId: 1,
                    invoiceLifetime: .seconds(900), requestTimeout: .seconds(10), pollInterval: .milliseconds(100),
                    confirmationTimeout: .seconds(65))
                let http = HTTPClient(logger: testLogger)
                let log = PaymentLogRepository(database: payments.pool, logger: testLogger)
                let client = KaspiPartnerClient(http: http, configuration: configuration, log: log, logger: testLogger)
                let gateway = BusBookingGateway(bus: payments.bus)
                let requests = KaspiPaymentRequests(database: payments.pool, booking: gateway, client: client,
                                                    pollInterval: .milliseconds(100), invoiceLifetime: .seconds(900),
                                                    logger: testLogger)
                let poller = KaspiPaymentPoller(database: payments.pool, outbox: payments.outbox, booking: gateway,
                                                client: client, clock: .system, pollInterval: .milliseconds(100),
                                                confirmationTimeout: .seconds(65), logger: testLogger)

                let booking = await payments.booking.hold(totalTiyn: 1_500_000)
                let ask = CreateKaspiInvoice(bookingId: booking.bookingId, account: booking.number,
                                             phone: "+7 701 123 45 67")
                let created = try await requests.createInvoice(ask)
                #expect(created.result == .created && created.amountTiyn == 1_500_000)
                let again = try await requests.createInvoice(ask)
                #expect(again.kaspiPaymentId == created.kaspiPaymentId)
                let wrongPhone = try await requests.createInvoice(CreateKaspiInvoice(
                    bookingId: booking.bookingId, account: booking.number, phone: "12345"))
                #expect(wrongPhone.result == .invalidPhone)

                let id = try #require(created.kaspiPaymentId.flatMap { Int64($0) })
                try await poller.pollOnce()  // still waiting for the payer
                #expect(await payments.booking.booking(booking.number)?.status == .held)
                _ = try await sandbox.state.payerPays(id)
                try await waitUntil("the poller settles the paid invoice") {
                    try await poller.pollOnce()
                    return try await payments.published(PaymentSucceeded.self).count == 1
                }
                try await poller.pollOnce()
                let succeeded = try await payments.published(PaymentSucceeded.self)
                #expect(succeeded.count == 1 && succeeded.first?.channel == .invoice)
                #expect(succeeded.first?.kaspiReference == String(id) && succeeded.first?.amountTiyn == 1_500_000)
                #expect(await payments.booking.booking(booking.number)?.status == .paid)
                #expect(await payments.booking.references(of: booking.number) == ["qr:\(id)"])
                let logged = try await payments.pool.query(
                    "SELECT DISTINCT operation FROM payment_log WHERE direction = 'outbound'").compactMap {
                    try $0.decode("operation", as: String.self)
                }
                #expect(Set(logged) == ["remote/create", "payment/status"])
                await http.shutdown()
            }
        }
    }

    @Test func moneyThatBookingCannotTakeAndCancellationRefundsGoBackThroughKaspi() async throws {
        try await withPaymentsFixture { payments in
            try await withSandbox { sandbox, baseURL in
                let configuration = KaspiPartnerConfiguration(
                    baseURL: baseURL, apiKey: KaspiSandboxConfiguration.developmentAPIKey,
                    organizationBin: KaspiSandboxConfiguration.developmentOrganizationBin,
                    deviceToken: KaspiSandboxConfiguration.developmentDeviceToken, tradePointId: nil,
                    invoiceLifetime: .seconds(900), requestTimeout: .seconds(10), pollInterval: .milliseconds(100),
                    confirmationTimeout: .seconds(65))
                let http = HTTPClient(logger: testLogger)
                let log = PaymentLogRepository(database: payments.pool, logger: testLogger)
                let client = KaspiPartnerClient(http: http, configuration: configuration, log: log, logger: testLogger)
                let gateway = BusBookingGateway(bus: payments.bus)
                let requests = KaspiPaymentRequests(database: payments.pool, booking: gateway, client: client,
                                                    pollInterval: .milliseconds(100), invoiceLifetime: .seconds(900),
                                                    logger: testLogger)
                let poller = KaspiPaymentPoller(database: payments.pool, outbox: payments.outbox, booking: gateway,
                                                client: client, clock: .system, pollInterval: .milliseconds(100),
                                                confirmationTimeout: .seconds(65), logger: testLogger)
                var refunds = RefundProcessor(database: payments.pool, outbox: payments.outbox, client: client,
                                              clock: .system, logger: testLogger)
                refunds.baseBackoff = .milliseconds(50)

                // A link paid after the booking expired: the money goes back by itself.
                let late = await payments.booking.hold(totalTiyn: 800_000)
                let link = try await requests.createLink(CreateKaspiPaymentLink(bookingId: late.bookingId,
                                                                                account: late.number))
                #expect(link.result == .created && link.url != nil)
                let lateId = try #require(link.kaspiPaymentId.flatMap { Int64($0) })
                await payments.booking.setStatus(late.number, .expired)
                _ = try await sandbox.state.payerPays(lateId)
                try await waitUntil("the late payment is refunded") {
                    try await poller.pollOnce()
                    try await refunds.processOnce()
                    return try await payments.published(RefundCompleted.self).count == 1
                }
                let failed = try await payments.published(PaymentFailed.self)
                #expect(failed.map(\.reason) == ["booking_expired"])
                #expect(await sandbox.state.refunds(paymentId: lateId).map(\.amountTiyn) == [800_000])
                #expect(await payments.booking.booking(late.number)?.status == .expired)

                // A paid invoice booking cancelled with a 50 % refund; Kaspi fails once, the retry returns it once.
                let booking = await payments.booking.hold(totalTiyn: 1_000_000)
                let invoice = try await requests.createInvoice(CreateKaspiInvoice(
                    bookingId: booking.bookingId, account: booking.number, phone: "87011234567"))
                let id = try #require(invoice.kaspiPaymentId.flatMap { Int64($0) })
                _ = try await sandbox.state.payerPays(id)
                try await waitUntil("the invoice is settled") {
                    try await poller.pollOnce()
                    return try await payments.published(PaymentSucceeded.self).count == 1
                }
                var summary = try #require(await payments.booking.booking(booking.number))
                summary.status = .cancelled
                summary.refundTiyn = 500_000
                let handler = BookingCancelledHandler(database: payments.pool, inbox: Inbox(), outbox: payments.outbox,
                                                      clock: .system)
                try await handler.handle(Envelope(BookingCancelled(booking: summary, wasPaid: true, refundPercent: 50,
                                                                   cancelledBy: .guest), producer: .booking),
                                         logger: testLogger)
                await sandbox.state.failNextCalls(statusCode: -999)
                try await waitUntil("the cancellation refund completes") {
                    try await refunds.processOnce()
                    return try await payments.published(RefundCompleted.self).count == 2
                }
                try await refunds.processOnce()
                #expect(await sandbox.state.refunds(paymentId: id).map(\.amountTiyn) == [500_000])
                let completed = try await payments.published(RefundCompleted.self)
                #expect(completed.last?.bookingId == booking.bookingId && completed.last?.amountTiyn == 500_000)
                #expect(try await payments.published(RefundDue.self).isEmpty)
                await http.shutdown()
            }
        }
    }
}
