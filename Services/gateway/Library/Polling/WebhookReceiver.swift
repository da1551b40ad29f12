import Foundation
import HTTPTypes
import Hummingbird
import Logging
import ServiceLifecycle

/// Webhook mode (`TELEGRAM_WEBHOOK_URL` set): Telegram POSTs each update to the gateway's `/telegram/webhook`
/// instead of being long-polled. At start the receiver registers the webhook with its secret token; each request
/// must carry that token in `X-Telegram-Bot-Api-Secret-Token` (compared in constant time) or gets 401 and is not
/// looked at. An accepted update is stored (``ConversationStore/receiveDelivered``) before the 200 answer, so a crash
/// afterwards loses nothing, then handled like a polled one: each chat's updates in order, different chats
/// concurrently, every update once (a redelivery is answered 200 and dropped).
struct WebhookReceiver: Service {
    static let path = "/telegram/webhook"
    static let secretHeader = HTTPField.Name("X-Telegram-Bot-Api-Secret-Token")!

    let api: TelegramBotAPI
    let store: ConversationStore
    /// Handles the updates (the same per-chat queues and exactly-once handling as polling).
    let poller: UpdatePoller
    let url: String
    let secret: String
    let logger: Logger
    private let updates: AsyncStream<(TelegramUpdate, Int64)>
    private let continuation: AsyncStream<(TelegramUpdate, Int64)>.Continuation

    init(api: TelegramBotAPI, store: ConversationStore, poller: UpdatePoller, url: String, secret: String,
         logger: Logger)
    {
        self.api = api
        self.store = store
        self.poller = poller
        self.url = url
        self.secret = secret
        self.logger = logger
        (updates, continuation) = AsyncStream.makeStream(bufferingPolicy: .unbounded)
    }

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await api.setWebhook(url: url, secretToken: secret)
                    logger.info("webhook registered", metadata: ["telegram.webhook_url": "\(url)"])
                    break
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("setWebhook failed, retrying", metadata: ["error": "\(error)"])
                    try await Task.sleep(for: .seconds(2))
                }
            }
            let queues = ChatQueues(capacity: poller.maxUnfinishedUpdates)
            try await withThrowingDiscardingTaskGroup { group in
                for (update, chatId) in try await poller.recoverStoredUpdates() {
                    poller.dispatch(update, chatId: chatId, queues: queues, group: &group)
                }
                for await (update, chatId) in updates {
                    poller.dispatch(update, chatId: chatId, queues: queues, group: &group)
                }
            }
        }
        continuation.finish()
    }

    /// Adds `POST /telegram/webhook`.
    func addRoutes(to router: Router<BasicRequestContext>) {
        router.post(RouterPath(stringLiteral: Self.path)) { request, _ -> HTTPResponse.Status in
            try await receive(request)
        }
    }

    func receive(_ request: Request) async throws -> HTTPResponse.Status {
        guard let token = request.headers[Self.secretHeader], Self.constantTimeEqual(token, secret) else {
            logger.warning("webhook request without the right secret token refused")
            return .unauthorized
        }
        let body = try await request.body.collect(upTo: 1 << 20)
        guard let update = try? TelegramBotAPI.decoder.decode(TelegramUpdate.self, from: Data(body.readableBytesView)) else {
            logger.warning("webhook request with a malformed update refused")
            return .badRequest
        }
        let chatId = UpdatePoller.chatId(of: update)
        if try await store.receiveDelivered(update, chatId: chatId) {
            continuation.yield((update, chatId))
        }
        return .ok
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let left = Array(a.utf8)
        let right = Array(b.utf8)
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}
