import Testing

@testable import Messaging

/// The relay's wake-up: notified, timed out or cancelled, a wait always ends (a lost wake-up here once hung the
/// relay on shutdown).
@Suite struct OutboxSignalTests {
    @Test func aPendingNotificationEndsTheNextWaitAtOnce() async {
        let signal = OutboxSignal()
        signal.notify()
        await signal.wait(timeout: .seconds(3600))
    }

    @Test func aNotificationWakesAWaiter() async {
        let signal = OutboxSignal()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await signal.wait(timeout: .seconds(3600)) }
            group.addTask {
                for _ in 0..<20 {
                    signal.notify()
                    try? await Task.sleep(for: .milliseconds(10))
                }
            }
            await group.waitForAll()
        }
    }

    @Test func aWaitEndsAfterItsTimeout() async {
        await OutboxSignal().wait(timeout: .milliseconds(20))
    }

    /// Cancellation racing the registration of the waiter, many times over: every wait must end.
    @Test func cancellationAlwaysEndsTheWait() async {
        let signal = OutboxSignal()
        for round in 0..<500 {
            let waiter = Task { await signal.wait(timeout: .seconds(3600)) }
            if round % 2 == 0 { await Task.yield() }
            waiter.cancel()
            await waiter.value
        }
    }
}

extension OutboxSignalTests {
    /// Two relays of one process share the signal: a notification wakes both, cancellation ends both.
    @Test func severalWaitersAreAllWokenAndAllCancellable() async {
        let signal = OutboxSignal()
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
}
