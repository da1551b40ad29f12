import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import TelegramSandbox

/// A webhook endpoint for tests: records every POST (secret header and body) and answers with the statuses it is
/// told to (then 200), to exercise the sandbox's retries.
final class WebhookReceiver: Sendable {
    struct Delivery: Sendable {
        let secretToken: String?
        let contentType: String?
        let body: JSONValue
    }

    private let recorded = Recorded()

    /// Statuses for the first requests, in order; later requests get 200.
    init(failFirst statuses: [Int] = []) {
        recorded.setPlannedStatuses(statuses)
    }

    var deliveries: [Delivery] { recorded.deliveries }
    var attempts: Int { recorded.attempts }

    /// Runs the receiver on a free port for the duration of `body`, passing its URL.
    func run<T: Sendable>(_ body: @Sendable (String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("/hook") { [recorded] request, _ in
            let buffer = try await request.body.collect(upTo: 1024 * 1024)
            let status = recorded.record(Delivery(
                secretToken: request.headers[HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!],
                contentType: request.headers[.contentType],
                body: JSONValue.parse(Data(buffer.readableBytesView)) ?? .null))
            return Response(status: .init(code: status))
        }
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .critical
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              }, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await app.run()
                return nil
            }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next(), port > 0 else {
                group.cancelAll()
                throw WebhookReceiverError.didNotStart
            }
            do {
                let result = try await body("http://127.0.0.1:\(port)/hook")
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }
}

enum WebhookReceiverError: Error {
    case didNotStart
}

/// The receiver's log. `@unchecked Sendable`: all fields are guarded by `lock`.
private final class Recorded: @unchecked Sendable {
    private let lock = NSLock()
    private var planned: [Int] = []
    private var log: [WebhookReceiver.Delivery] = []
    private var count = 0

    func setPlannedStatuses(_ statuses: [Int]) { lock.withLock { planned = statuses } }

    /// Records a request and returns the status to answer with (failed attempts are not deliveries).
    func record(_ delivery: WebhookReceiver.Delivery) -> Int {
        lock.withLock {
            count += 1
            if !planned.isEmpty { return planned.removeFirst() }
            log.append(delivery)
            return 200
        }
    }

    var deliveries: [WebhookReceiver.Delivery] { lock.withLock { log } }
    var attempts: Int { lock.withLock { count } }
}
