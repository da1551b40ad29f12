import Contracts
import Foundation
import HTTPClient
import KaspiSandbox
import Logging
import Messaging

// Bookings confirmed end to end per second, as the issue defines it: for every booking a hold is placed over the
// bus (booking.hold.place.v1, what the gateway sends on «Подтвердить»), Kaspi pays it by account through the
// payments service's HTTP endpoint (command=check, then command=pay, exactly as Kaspi does), the booking becomes
// paid and its `booking.paid.v1` event is consumed by this tool's own queue (a third-party analytics consumer).
// A booking counts as confirmed when its event arrives. Prints confirmed bookings/s over the whole run and the
// per-booking latency (hold requested → paid event consumed).
//
// Needs the system running (`./zg up`, demo catalog loaded); run through `./zg bench bookings`, which fills in:
// BENCH_AMQP_URL (required), BENCH_PAYMENTS_URL (payments' Kaspi listener, http://127.0.0.1:8094),
// BENCH_SOURCE_ADDRESS (the address Kaspi calls from; payments only answers allow-listed ones), BENCH_BOOKINGS (2000),
// BENCH_CONCURRENCY (64), BENCH_FIRST_DAY (days from today of the first stay; default random 400…3000 so that
// repeated runs do not collide with earlier bookings).

struct Failure: Error, CustomStringConvertible {
    var description: String
}

let environment = ProcessInfo.processInfo.environment
guard let amqpURL = environment["BENCH_AMQP_URL"] else {
    FileHandle.standardError.write(Data("booking-benchmark: set BENCH_AMQP_URL (./zg bench bookings does)\n".utf8))
    exit(2)
}
let paymentsURL = environment["BENCH_PAYMENTS_URL"] ?? "http://127.0.0.1:8094"
let sourceAddress = environment["BENCH_SOURCE_ADDRESS"]
let total = Int(environment["BENCH_BOOKINGS"] ?? "") ?? 2000
let concurrency = Int(environment["BENCH_CONCURRENCY"] ?? "") ?? 64
let firstDay = Int(environment["BENCH_FIRST_DAY"] ?? "") ?? Int.random(in: 400...3000)
let me = ServiceName(rawValue: "booking-benchmark")

LoggingSystem.bootstrap { label in
    var handler = StreamLogHandler.standardError(label: label)
    handler.logLevel = .warning
    return handler
}

/// When each booking's hold was requested and its paid event consumed.
actor Ledger {
    var started: [UUID: ContinuousClock.Instant] = [:]
    var paidAt: [UUID: ContinuousClock.Instant] = [:]
    var waiting: CheckedContinuation<Void, Never>?
    var target = Int.max

    func start(_ id: UUID, at instant: ContinuousClock.Instant) { started[id] = instant }

    func paid(_ id: UUID) {
        // Only this run's bookings: the queue may still hold paid events of an earlier, interrupted run.
        guard started[id] != nil, paidAt[id] == nil else { return }
        paidAt[id] = .now
        if paidAt.count >= target, let waiting {
            self.waiting = nil
            waiting.resume()
        }
    }

    /// Waits until `count` bookings are paid (or the deadline passes).
    func waitForPaid(_ count: Int, deadline: Duration) async {
        target = count
        if paidAt.count >= count { return }
        let timeout = Task { [weak self] in
            try? await Task.sleep(for: deadline)
            await self?.wakeUp()
        }
        await withCheckedContinuation { waiting = $0 }
        timeout.cancel()
    }

    private func wakeUp() {
        waiting?.resume()
        waiting = nil
    }

    func latencies(of ids: [UUID]) -> [Double] {
        ids.compactMap { id in
            guard let start = started[id], let end = paidAt[id] else { return nil }
            let elapsed = end - start
            return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        }.sorted()
    }
}

let ledger = Ledger()
let http = {
    var configuration = HTTPClientConfiguration(threads: 2, defaultTimeout: .seconds(30))
    configuration.localAddress = sourceAddress
    return HTTPClient(configuration: configuration, logger: Logger(label: "booking-benchmark.http"))
}()
var busConfiguration = try BusConfiguration(url: amqpURL, service: me, prefetch: 500)
busConfiguration.rpcTimeout = .seconds(30)
let bus = MessageBus(configuration: busConfiguration, subscriptions: Subscriptions { s in
    s.on(BookingPaid.self) { envelope, _ in await ledger.paid(envelope.payload.booking.bookingId) }
}, logger: Logger(label: "booking-benchmark.bus"))
let busTask = Task { try await bus.run() }

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func request<R: RPCRequest>(_ payload: R) async throws -> R.Response {
    try await bus.request(Envelope(payload, producer: me)).payload
}

/// One Kaspi pay-by-account exchange; returns the `result` code.
func kaspi(_ command: String, txn: String, account: String, sumTiyn: Int64) async throws -> Int {
    // Formatted as the Kaspi sandbox formats them (no DateFormatter per request: the load generator shares the
    // machine with the system under test).
    var url = "\(paymentsURL)/kaspi/pay-by-account?command=\(command)&txn_id=\(txn)&account=\(account)"
        + "&sum=\(Tenge.format(sumTiyn))"
    if command == "pay" {
        url += "&txn_date=\(KaspiDates.compact(Date()))"
    }
    let response = try await http.send(HTTPRequest(method: .get, url: url))
    guard response.status == 200,
          let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any],
          let result = (object["result"] as? Int) ?? Int("\(object["result"] ?? "")")
    else { throw Failure(description: "pay-by-account \(command): HTTP \(response.status) \(response.text.prefix(200))") }
    return result
}

do {
    // Wait for the bus (our queue must be bound before the first booking is paid).
    let connectDeadline = ContinuousClock.now + .seconds(20)
    while !bus.isConnected {
        guard ContinuousClock.now < connectDeadline else { throw Failure(description: "cannot connect to RabbitMQ") }
        try await Task.sleep(for: .milliseconds(100))
    }
    var found: [UUID] = []
    for city in 1...3 { found += try await request(SearchApartments(cityId: city)).apartments.map(\.id) }
    let apartments = found
    guard !apartments.isEmpty else { throw Failure(description: "the catalog is empty: load the demo catalog") }

    // Slot k: apartment k mod A, one night starting firstDay + k / A days from today, 14:00 → 12:00 (UTC+5).
    let calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 5 * 3600)!
        return calendar
    }()
    let today = calendar.startOfDay(for: Date())
    @Sendable func slot(_ k: Int) -> PlaceHold {
        let day = calendar.date(byAdding: .day, value: firstDay + k / apartments.count, to: today)!
        let checkIn = day.addingTimeInterval(14 * 3600)
        let checkOut = day.addingTimeInterval(36 * 3600)
        return PlaceHold(requestId: UUID(), apartmentId: apartments[k % apartments.count], guestId: Int64(5_000_000 + k),
                         guestChatId: Int64(5_000_000 + k), checkIn: checkIn, checkOut: checkOut)
    }
    let txnBase = Int64(Date().timeIntervalSince1970) * 100_000

    let start = ContinuousClock.now
    let outcome = try await withThrowingTaskGroup(of: (ids: [UUID], failures: [String]).self) { group in
        for worker in 0..<concurrency {
            group.addTask {
                var ids: [UUID] = []
                var failures: [String] = []
                var k = worker
                while k < total {
                    defer { k += concurrency }
                    let began = ContinuousClock.now
                    let hold = try await request(slot(k))
                    guard hold.result == .held, let booking = hold.booking else {
                        failures.append("hold \(k): \(hold.result.rawValue)")
                        continue
                    }
                    await ledger.start(booking.bookingId, at: began)
                    let txn = String(txnBase + Int64(k))
                    let check = try await kaspi("check", txn: txn, account: booking.number, sumTiyn: booking.totalTiyn)
                    let pay = try await kaspi("pay", txn: txn, account: booking.number, sumTiyn: booking.totalTiyn)
                    guard check == 0, pay == 0 else {
                        failures.append("booking \(booking.number): check \(check), pay \(pay)")
                        continue
                    }
                    ids.append(booking.bookingId)
                }
                return (ids, failures)
            }
        }
        var ids: [UUID] = []
        var failures: [String] = []
        for try await part in group {
            ids += part.ids
            failures += part.failures
        }
        return (ids: ids, failures: failures)
    }
    let paidByKaspi = ContinuousClock.now
    await ledger.waitForPaid(outcome.ids.count, deadline: .seconds(120))
    let end = ContinuousClock.now
    let latencies = await ledger.latencies(of: outcome.ids)
    func percentile(_ p: Double) -> Double {
        latencies.isEmpty ? 0 : latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] * 1000
    }
    print(String(format: "booking-benchmark: %d bookings (%d workers, %d apartments): %d confirmed end to end in "
        + "%.2f s = %.0f confirmed bookings/s (Kaspi answers done after %.2f s); latency hold → paid event consumed "
        + "p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms; %d failed",
        total, concurrency, apartments.count, latencies.count, seconds(end - start),
        Double(latencies.count) / seconds(end - start), seconds(paidByKaspi - start),
        percentile(0.5), percentile(0.9), percentile(0.99), (latencies.last ?? 0) * 1000, outcome.failures.count))
    for failure in outcome.failures.prefix(5) { print("  failed: \(failure)") }
    busTask.cancel()
    await http.shutdown()
    exit(outcome.failures.isEmpty && latencies.count == outcome.ids.count ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("booking-benchmark: \(error)\n".utf8))
    busTask.cancel()
    await http.shutdown()
    exit(1)
}
