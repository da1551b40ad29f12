import Foundation
import Logging

/// A dedicated thread owning one `PostgresSession`; jobs arrive through a queue and every libpq call
/// happens on this thread, never on Swift's cooperative pool.
///
/// `@unchecked Sendable`: `jobs`, `isStopping`, `hasStopped` and `stopWaiters` are only accessed while
/// holding `condition`; `session` is only touched by the worker thread (inside jobs and at exit).
final class ConnectionWorker: @unchecked Sendable {
    typealias Job = @Sendable (PostgresSession) -> Void

    private let condition = NSCondition()
    private var jobs: [Job] = []
    private var jobsHead = 0
    private var isStopping = false
    private var hasStopped = false
    private var stopWaiters: [CheckedContinuation<Void, Never>] = []
    private let session: PostgresSession

    init(name: String, configuration: DatabaseConfiguration, logger: Logger) {
        session = PostgresSession(configuration: configuration, logger: logger)
        let thread = Thread { [self] in self.runLoop() }
        thread.name = name
        thread.start()
    }

    /// Runs `work` on the worker thread and returns its result.
    func submit<T: Sendable>(_ work: @escaping @Sendable (PostgresSession) throws(DatabaseError) -> T)
        async throws(DatabaseError) -> T {
        let result: Result<T, DatabaseError> = await withCheckedContinuation { continuation in
            let accepted = enqueue { session in
                continuation.resume(returning: Result { () throws(DatabaseError) -> T in try work(session) })
            }
            if !accepted {
                continuation.resume(returning: .failure(DatabaseError(kind: .poolClosed,
                                                                      message: "the database pool was shut down")))
            }
        }
        return try result.get()
    }

    /// Finishes queued jobs, closes the connection and ends the thread.
    func stop() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            condition.lock()
            if hasStopped {
                condition.unlock()
                continuation.resume()
                return
            }
            stopWaiters.append(continuation)
            isStopping = true
            condition.signal()
            condition.unlock()
        }
    }

    /// Asks the thread to stop without waiting (used when a pool is released without `shutdown()`).
    func requestStop() {
        condition.lock()
        isStopping = true
        condition.signal()
        condition.unlock()
    }

    private func enqueue(_ job: @escaping Job) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard !isStopping else { return false }
        jobs.append(job)
        condition.signal()
        return true
    }

    private func runLoop() {
        while true {
            condition.lock()
            while jobsHead == jobs.count && !isStopping {
                condition.wait()
            }
            if jobsHead == jobs.count {
                // Stopping and drained.
                condition.unlock()
                break
            }
            let job = jobs[jobsHead]
            jobsHead += 1
            if jobsHead == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                jobsHead = 0
            }
            condition.unlock()
            job(session)
        }
        session.close()
        condition.lock()
        hasStopped = true
        let waiters = stopWaiters
        stopWaiters = []
        condition.unlock()
        for waiter in waiters { waiter.resume() }
    }
}
