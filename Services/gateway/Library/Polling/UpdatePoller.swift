import Database
import Foundation
import Logging
import ServiceLifecycle

/// Long polling as a `Service`: getUpdates with the stored offset, every update handled exactly once
/// (``ConversationStore/handleOnce``), the next offset stored after the batch.
///
/// Only one gateway instance polls: the poller holds the PostgreSQL session advisory lock `pollingLockKey` on
/// one pooled connection while it runs; other instances wait and retry, taking over when the holder stops
/// (its session ends and the lock is released). Chats of one batch are handled in parallel, the updates of one
/// chat in order.
struct UpdatePoller: Service {
    let api: TelegramBotAPI
    let store: ConversationStore
    let router: UpdateRouter
    let database: DatabasePool
    let pollTimeout: Int
    let logger: Logger

    /// Arbitrary constant: "zgpoll" in ASCII.
    static let pollingLockKey: Int64 = 0x7A67_706F_6C6C

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await database.withConnection { connection in
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

    private func poll() async throws {
        var offset = try await store.loadOffset()
        while !Task.isCancelled {
            let updates: [TelegramUpdate]
            do {
                updates = try await api.getUpdates(offset: offset, timeout: pollTimeout)
            } catch let error as TelegramError where error.kind == .unavailable || error.kind == .conflict {
                logger.warning("getUpdates failed, retrying", metadata: ["error": "\(error)"])
                try await Task.sleep(for: .seconds(1))
                continue
            }
            guard let last = updates.map(\.updateId).max() else { continue }
            await handle(updates)
            offset = last + 1
            try await store.storeOffset(last + 1)
        }
    }

    private func handle(_ updates: [TelegramUpdate]) async {
        let byChat = Dictionary(grouping: updates) { update in
            update.message?.chat.id ?? update.callbackQuery?.message?.chat.id ?? update.callbackQuery?.from.id ?? 0
        }
        await withTaskGroup(of: Void.self) { group in
            for (chatId, chatUpdates) in byChat {
                group.addTask {
                    for update in chatUpdates.sorted(by: { $0.updateId < $1.updateId }) {
                        await handle(update, chatId: chatId)
                    }
                }
            }
        }
    }

    private func handle(_ update: TelegramUpdate, chatId: Int64) async {
        var logger = logger
        logger[metadataKey: "telegram.update_id"] = "\(update.updateId)"
        logger[metadataKey: "telegram.chat_id"] = "\(chatId)"
        do {
            let handled = try await store.handleOnce(updateId: update.updateId, chatId: chatId) { state, transaction in
                try await router.route(update, state: state, transaction: transaction)
            }
            if !handled { logger.debug("update already handled") }
        } catch {
            // Not retried: a poison update must not block the chat. The user is told to try again.
            logger.error("update handling failed", metadata: ["error": "\(error)"])
            _ = try? await store.handleOnce(updateId: update.updateId, chatId: chatId) { state, _ in state }
            _ = try? await api.sendMessage(chatId: chatId, text: Texts.temporaryFailure)
        }
    }
}
