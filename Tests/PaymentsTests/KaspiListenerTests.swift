import Contracts
import Database
import Foundation
import HTTPClient
import KaspiSandbox
import Logging
import NIOCore
@testable import Payments
import ServiceLifecycle
import TestSupport
import Testing

/// The real Kaspi listener over TCP: the allow-list sees the true peer address.
@Suite struct KaspiListenerTests {
    /// Runs the Kaspi listener on a free port while `body` runs.
    func withKaspiListener(_ payments: PaymentsFixture, idleTimeout: TimeAmount = KaspiListener.idleTimeout,
                           _ body: (Int) async throws -> Void) async throws
    {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let listener = KaspiListener.make(endpoint: payments.endpoint(), host: "127.0.0.1", port: 0,
                                          idleTimeout: idleTimeout, onServerRunning: { continuation.yield($0) })
        let group = ServiceGroup(configuration: .init(services: [listener], logger: testLogger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            do {
                try await body(port)
            } catch {
                await group.triggerGracefulShutdown()
                try? await tasks.waitForAll()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    @Test func refusesSourcesOutsideTheAllowListAndIgnoresSpoofedForwarding() async throws {
        try await withPaymentsFixture { payments in
            try await withKaspiListener(payments) { port in
                let booking = await payments.booking.hold(totalTiyn: 300_000)
                let txnId = PaymentsFixture.newTxnId()
                let query = "\(PayByAccountEndpoint.path)?command=pay&txn_id=\(txnId)&account=\(booking.number)"
                    + "&sum=3000.00&txn_date=\(PaymentsFixture.txnDate)"

                let refused = try await RawHTTP.get(port: port, pathAndQuery: query, from: "127.0.0.2")
                #expect(refused.status == 403)
                let refusedAnswer = try KaspiAnswer(refused.body)
                #expect(refusedAnswer.result == 5 && refusedAnswer.comment == "Адрес источника не разрешён")

                let spoofed = try await RawHTTP.get(port: port, pathAndQuery: query, from: "127.0.0.2",
                                                    headers: [("X-Forwarded-For", "127.0.0.1"),
                                                              ("X-Real-IP", "127.0.0.1")])
                let spoofedAnswer = try KaspiAnswer(spoofed.body)
                #expect(spoofed.status == 403 && spoofedAnswer.result == 5)
                #expect(await payments.booking.booking(booking.number)?.status == .held)
                #expect(try await payments.count("kaspi_transactions") == 0)

                let allowed = try await RawHTTP.get(port: port, pathAndQuery: query, from: "127.0.0.1")
                let allowedAnswer = try KaspiAnswer(allowed.body)
                #expect(allowed.status == 200 && allowedAnswer.result == 0)

                // Kaspi's re-send through an ordinary client gets the same bytes.
                let client = HTTPClient(logger: testLogger)
                let again = try await client.get(url: "http://127.0.0.1:\(port)\(query)")
                await client.shutdown()
                #expect(again.status == 200 && again.body == allowed.body)
                #expect(again.headers["Content-Type"]?.hasPrefix("application/json") == true)
                #expect(await payments.booking.booking(booking.number)?.status == .paid)
            }
        }
    }

    @Test func otherMethodsAndRepeatedParametersGetTheUsualJSONAndChangeNothing() async throws {
        try await withPaymentsFixture { payments in
            try await withKaspiListener(payments) { port in
                let booking = await payments.booking.hold(totalTiyn: 300_000)
                let query = "\(PayByAccountEndpoint.path)?command=pay&txn_id=\(PaymentsFixture.newTxnId())"
                    + "&account=\(booking.number)&sum=3000.00&txn_date=\(PaymentsFixture.txnDate)"

                let posted = try await RawHTTP.get(port: port, pathAndQuery: query, from: "127.0.0.1", method: "POST")
                #expect(posted.status == 405)
                #expect(posted.head.lowercased().contains("\r\nallow: get"))
                let postedAnswer = try KaspiAnswer(posted.body)
                #expect(postedAnswer.result == 5 && postedAnswer.comment == "Метод POST не поддерживается, только GET")
                // From a source outside the allow-list the method is not even looked at.
                let stranger = try await RawHTTP.get(port: port, pathAndQuery: query, from: "127.0.0.2", method: "PUT")
                #expect(try stranger.status == 403 && KaspiAnswer(stranger.body).result == 5)

                // Kaspi sends each parameter once; a second copy that would pass is not taken.
                let twice = try await RawHTTP.get(port: port, pathAndQuery: query + "&account=424242", from: "127.0.0.1")
                let twiceAnswer = try KaspiAnswer(twice.body)
                #expect(twice.status == 200 && twiceAnswer.result == 5
                    && twiceAnswer.comment == "Параметр account указан несколько раз")

                #expect(await payments.booking.booking(booking.number)?.status == .held)
                #expect(try await payments.count("kaspi_transactions") == 0)
                let operations = try await payments.pool.query("SELECT operation FROM payment_log ORDER BY id")
                    .map { try $0.decode("operation", as: String.self) }
                #expect(operations == ["pay.malformed", "refused", "pay.malformed"])
            }
        }
    }

    @Test func aConnectionThatNeverCompletesItsRequestIsClosed() async throws {
        try await withPaymentsFixture { payments in
            try await withKaspiListener(payments, idleTimeout: .seconds(1)) { port in
                // Half a request line and then silence: the listener closes the connection (RawHTTP gives up
                // after 30 s of waiting, which fails the test).
                let partial = Array("GET \(PayByAccountEndpoint.path)?command=ch".utf8)
                let received = try await RawHTTP.exchange(port: port, bytes: partial, from: "127.0.0.2")
                #expect(!String(decoding: received, as: UTF8.self).contains("HTTP/1.1 200"))
                // The listener still answers whole requests.
                let booking = await payments.booking.hold(totalTiyn: 300_000)
                let check = try await RawHTTP.get(port: port, pathAndQuery: "\(PayByAccountEndpoint.path)?command=check"
                    + "&txn_id=1&account=\(booking.number)&sum=3000.00", from: "127.0.0.1")
                #expect(try check.status == 200 && KaspiAnswer(check.body).result == 0)
            }
        }
    }

    @Test func theKaspiSandboxPaysByAccountThroughTheListener() async throws {
        try await withPaymentsFixture { payments in
            try await withKaspiListener(payments) { port in
                let url = "http://127.0.0.1:\(port)\(PayByAccountEndpoint.path)"
                let sandbox = KaspiSandboxServer(configuration: KaspiSandboxConfiguration(port: 0, merchantAccountURL: url),
                                                 logger: testLogger)
                let booking = await payments.booking.hold(totalTiyn: 1_500_000)
                let replay = try await sandbox.payByAccount(AccountPaymentRequest(account: booking.number,
                                                                                  sum: "15000.00", mode: .replay))
                #expect(replay.result == 0 && replay.replayIdentical == true)
                let other = await payments.booking.hold(totalTiyn: 900_000)
                let timedOut = try await sandbox.payByAccount(AccountPaymentRequest(account: other.number,
                                                                                    sum: "9000.00", mode: .timeout))
                #expect(timedOut.result == 0)
                #expect(try await payments.published(PaymentSucceeded.self).count == 2)
                #expect(await payments.booking.booking(other.number)?.status == .paid)
            }
        }
    }
}
