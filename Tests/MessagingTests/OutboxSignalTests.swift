import Testing

@testable import Messaging

/// The relay's wake-up: notified, timed out or cancelled, a wait always ends (a lost wake-up here once hung the
/// relay on shutdown). Each check runs under a deadline far above what it needs, so a lost wake-up fails the test
/// with a message instead of hanging the run; the suite's time limit catches a wait that ignores cancellation too.
@Suite(.timeLimit(.minutes(1)))
struct OutboxSignalTests {
    @Test func aPendingNotificationEndsTheNextWaitAtOnce() async {
        let signal = OutboxSignal()
        signal.notify()
        #expect(await ends { await signal.wait(timeout: .seconds(3600)) }, "the pending notification ends the wait")
    }

    @Test func aNotificationWakesAWaiter() async {
        let signal = OutboxSignal()
        let woken = await withTaskGroup(of: Bool?.self) { group in
            group.addTask { await ends { await signal.wait(timeout: .seconds(3600)) } }
            group.addTask {
                for _ in 0..<20 {
                    signal.notify()
                    try? await Task.sleep(for: .milliseconds(10))
                }
                return nil
            }
            var woken: Bool?
            for await result in group where result != nil { woken = result }
            return woken
        }
        #expect(woken == true, "a notification wakes the waiter")
    }

    @Test func aWaitEndsAfterItsTimeout() async {
        #expect(await ends { await OutboxSignal().wait(timeout: .milliseconds(20)) }, "the wait ends at its timeout")
    }

    /// Cancellation racing the registration of the waiter, many times over: every wait must end.
    @Test func cancellationAlwaysEndsTheWait() async {
        let signal = OutboxSignal()
        let ended = await ends(within: .seconds(30)) {
            for round in 0..<500 {
                let waiter = Task { await signal.wait(timeout: .seconds(3600)) }
                if round % 2 == 0 { await Task.yield() }
                waiter.cancel()
                await waiter.value
            }
        }
        #expect(ended, "every cancelled wait ends")
    }
}

extension OutboxSignalTests {
    /// Two relays of one process share the signal: a notification wakes both, cancellation ends both.
    @Test func severalWaitersAreAllWokenAndAllCancellable() async {
        let signal = OutboxSignal()
        let ended = await ends(within: .seconds(30)) {
            for _ in 0..<100 {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<3 { group.addTask { await signal.wait(timeout: .seconds(3600)) } }
                    await Task.yield()
                    signal.notify()
                    signal.notify()
                    group.cancelAll()
                }
            }
        }
        #expect(ended, "every waiter ends")
    }
}

/// Whether `body` returns within `limit` (a generous bound, not a timing assertion). When it does not, it is
/// cancelled and false is returned.
private func ends(within limit: Duration = .seconds(10), _ body: @escaping @Sendable () async -> Void) async -> Bool {
    await withTaskGroup(of: Bool.self) { group in
        group.addTask {
            await body()
            return true
        }
        group.addTask {
            try? await Task.sleep(for: limit)
            return false
        }
        let first = await group.next() ?? false
        group.cancelAll()
        return first
    }
}
