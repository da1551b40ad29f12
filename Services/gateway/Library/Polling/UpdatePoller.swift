import Database
import Foundation
import Logging
import Metrics
import ServiceLifecycle

/// Long polling as a `Service`: getUpdates with the stored offset, each batch stored before it is acknowledged,
/// every update handled exactly once (``ConversationStore/handleOnce``).
///
/// Only one gateway instance polls: the poller holds the PostgreSQL session advisory lock `pollingLockKey` on
/// a connection of its own (`lockDatabase`) while it runs; other instances wait and retry, taking over when the holder stops
/// (its session ends and the lock is released). Fetching does not wait for handling: different chats are handled
/// concurrently, the updates of one chat strictly in order (``ChatQueues``).
struct UpdatePoller: Service {
    let api: TelegramBotAPI
    let store: ConversationStore
    let router: UpdateRouter
    /// A one-connection pool for the advisory lock, owned by the poller (shut down when it stops).
    let lockDatabase: DatabasePool
    let pollTimeout: Int
    let logger: Logger

    /// Arbitrary constant: "zgpoll" in ASCII.
    static let pollingLockKey: Int64 = 0x7A67_706F_6C6C

    func run() async throws {
        do {
            try await pollWhileLeader()
        } catch {
            await lockDatabase.shutdown()
            throw error
        }
        await lockDatabase.shutdown()
    }

    private func pollWhileLeader() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await lockDatabase.withConnection { connection in
                        let row = try await connection.queryFirst(
                            "SELECT pg_try_advisory_lock(\(Self.pollingLockKey)) AS locked")
                        guard try row?.decode("locked", as: Bool.self) == true else { return }
                        logger.info("polling Telegram for updates")
                        do {
                            try await poll()
                        } catch {
                            // The connection goes back to the pool: release the session lock first. A fresh task,
                            // because this one may be cancelled (shutdown) and would refuse the query.
                            await Task {
                                _ = try? await connection.execute("SELECT pg_advisory_unlock(\(Self.pollingLockKey))")
                            }.value
                            throw error
                        }
                    }
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("polling failed, retrying", metadata: ["error": "\(error)"])
                }
                try await Task.sleep(for: .seconds(2))
            }
        }
    }

    /// Fetches continuously: each batch is stored with the next offset (``ConversationStore/receive``) and handed
    /// to the chats' queues, then the next getUpdates (whose offset acknowledges the stored batch) starts at once,
    /// while the batch is being handled. Updates stored by an earlier run and not handled yet go first.
    private func poll() async throws {
        let queues = ChatQueues(capacity: maxUnfinishedUpdates)
        try await withThrowingDiscardingTaskGroup { group in
            for (update, chatId) in try await recoverStoredUpdates() {
                dispatch(update, chatId: chatId, queues: queues, group: &group)
            }
            // The first call has no offset: Telegram returns every unconfirmed update and the store leaves out those
            // handled or stored before. A stored offset could be ahead of the ids: Telegram restarts them at a
            // random number after a week without updates (the sandbox at each start), and an offset above them
            // would confirm them unseen.
            var offset: Int64?
            while !Task.isCancelled {
                await queues.waitForCapacity()
                let updates: [TelegramUpdate]
                do {
                    updates = try await api.getUpdates(offset: offset, timeout: pollTimeout)
                } catch let error as TelegramError where error.kind == .unavailable || error.kind == .conflict {
                    logger.warning("getUpdates failed, retrying", metadata: ["error": "\(error)"])
                    if error.kind == .conflict {
                        // A webhook is still set (the bot ran in webhook mode before): polling is what is configured now.
                        try? await api.deleteWebhook()
                    }
                    offset = nil
                    try await Task.sleep(for: .seconds(1))
                    continue
                }
                // Nothing new, or the server went away: everything before was confirmed by the last offset, so
                // asking without one loses nothing and copes with ids that restarted lower meanwhile.
                guard let last = updates.map(\.updateId).max() else {
                    offset = nil
                    continue
                }
                // Everything goes to the store, which leaves out updates handled or stored before (a redelivery).
                let batch = updates.sorted { $0.updateId < $1.updateId }.map { (update: $0, chatId: Self.chatId(of: $0)) }
                // The ids of this batch decide, even when lower than before (ids restarted; a redelivery alone).
                let next = last + 1
                let fresh = try await store.receive(batch, nextOffset: next)
                offset = next
                for (update, chatId) in batch where fresh.contains(update.updateId) {
                    dispatch(update, chatId: chatId, queues: queues, group: &group)
                }
            }
        }
    }

    /// Most updates fetched but not handled yet; the poller waits before fetching more.
    var maxUnfinishedUpdates: Int { 1000 }

    static func chatId(of update: TelegramUpdate) -> Int64 {
        update.message?.chat.id ?? update.callbackQuery?.message?.chat.id ?? update.callbackQuery?.from.id ?? 0
    }

    /// Queues the update behind its chat's earlier ones; starts the chat's worker when it has none.
    func dispatch(_ update: TelegramUpdate, chatId: Int64, queues: ChatQueues,
                          group: inout ThrowingDiscardingTaskGroup<any Error>)
    {
        guard queues.enqueue(update, chatId: chatId) else { return }
        group.addTask {
            var current: TelegramUpdate? = update
            while let next = current {
                await handle(next, chatId: chatId)
                current = queues.finishAndTakeNext(chatId: chatId)
            }
        }
    }

    /// The updates an earlier run stored and did not finish, to handle first. Those given up after too many
    /// interrupted attempts (``ConversationStore/maximumRecoveries``) are logged and their chats told to try again.
    func recoverStoredUpdates() async throws -> [(update: TelegramUpdate, chatId: Int64)] {
        let (pending, givenUp) = try await store.receivedUpdates()
        for (updateId, chatId) in givenUp {
            logger.error("update given up: its handling was interrupted at every start", metadata: [
                "telegram.update_id": "\(updateId)", "telegram.chat_id": "\(chatId)",
                "attempts": "\(ConversationStore.maximumRecoveries + 1)",
            ])
            _ = try? await api.sendMessage(chatId: chatId, text: Texts.temporaryFailure)
        }
        return pending
    }

    private func handle(_ update: TelegramUpdate, chatId: Int64) async {
        var logger = logger
        logger[metadataKey: "telegram.update_id"] = "\(update.updateId)"
        logger[metadataKey: "telegram.chat_id"] = "\(chatId)"
        // Shutting down: leave it stored; the next start handles it.
        guard !Task.isCancelled else { return }
        let start = ContinuousClock.now
        do {
            let handled = try await store.handleOnce(updateId: update.updateId, chatId: chatId) { state, transaction in
                try await router.route(update, state: state, transaction: transaction)
            }
            if !handled { logger.debug("update already handled") }
            Timer(label: "gateway_update_handling_seconds", dimensions: [("result", handled ? "handled" : "duplicate")])
                .record(duration: ContinuousClock.now - start)
        } catch {
            if Task.isCancelled {
                // Interrupted by shutdown: rolled back, still stored, handled again after the restart.
                logger.info("update handling interrupted by shutdown", metadata: ["error": "\(error)"])
                return
            }
            // Not retried: a poison update must not block the chat. The user is told to try again.
            logger.error("update handling failed", metadata: ["error": "\(error)"])
            Timer(label: "gateway_update_handling_seconds", dimensions: [("result", "failed")])
                .record(duration: ContinuousClock.now - start)
            _ = try? await store.handleOnce(updateId: update.updateId, chatId: chatId) { state, _ in state }
            _ = try? await api.sendMessage(chatId: chatId, text: Texts.temporaryFailure)
        }
    }
}
