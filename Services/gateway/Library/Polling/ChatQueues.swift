import Synchronization

/// Per-chat serial queues: the updates of one chat are handled one after another in arrival order, different
/// chats concurrently. The poller enqueues; the first update of an idle chat starts a worker for that chat, which
/// takes the chat's next update after handling one (``finishAndTakeNext(chatId:)``) until the queue is empty.
/// Also counts the updates not handled yet, so the poller can stop fetching while too many wait.
final class ChatQueues: Sendable {
    private struct State {
        /// Per chat with a worker: the update being handled first, then those waiting.
        var queues: [Int64: [TelegramUpdate]] = [:]
        var unfinished = 0
        var capacityWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds an update to its chat's queue. True when the chat had no worker: the caller starts one with this update.
    func enqueue(_ update: TelegramUpdate, chatId: Int64) -> Bool {
        state.withLock { state in
            state.unfinished += 1
            if state.queues[chatId] != nil {
                state.queues[chatId]?.append(update)
                return false
            }
            state.queues[chatId] = [update]
            return true
        }
    }

    /// Called by a chat's worker after it handled the head of the queue: removes it and returns the next update,
    /// or nil when the queue is empty (the worker ends; the next update of the chat starts a new one).
    func finishAndTakeNext(chatId: Int64) -> TelegramUpdate? {
        let (next, waiters) = state.withLock { state -> (TelegramUpdate?, [CheckedContinuation<Void, Never>]) in
            state.unfinished -= 1
            var waiters: [CheckedContinuation<Void, Never>] = []
            if state.unfinished < capacity {
                waiters = state.capacityWaiters
                state.capacityWaiters = []
            }
            guard var queue = state.queues[chatId] else { return (nil, waiters) }
            queue.removeFirst()
            if let next = queue.first {
                state.queues[chatId] = queue
                return (next, waiters)
            }
            state.queues[chatId] = nil
            return (nil, waiters)
        }
        for waiter in waiters { waiter.resume() }
        return next
    }

    /// Returns once fewer than `capacity` updates are unfinished.
    func waitForCapacity() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                if state.unfinished < capacity { return true }
                state.capacityWaiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
