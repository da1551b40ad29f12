import Contracts
import Database
import Foundation
import Logging
import ServiceRuntime

/// Moves bookings along the clock: a hold past `hold_expires_at` expires, a paid booking past check-in is
/// checked in, a stay past check-out is completed (a paid booking already past check-out goes through both,
/// emitting both events, in order). The first pass runs at start, so transitions that fell due while the
/// service was down happen at once.
///
/// Safe with any number of booking instances: each pass locks the due rows with `FOR UPDATE SKIP LOCKED`, so
/// every booking is moved by exactly one instance, and the guarded update in ``BookingTransitions`` refuses a
/// move whose starting status has changed meanwhile.
struct BookingScheduler: Sendable {
    let database: DatabasePool
    let transitions: BookingTransitions
    let clock: BusinessClock
    let interval: Duration
    let logger: Logger
    let bookings = BookingRepository()
    /// Bookings moved per transaction.
    var batchSize = 100

    /// Runs passes until cancelled. A failing pass (database down) is logged and retried after `interval`.
    func run() async {
        while !Task.isCancelled {
            do {
                _ = try await runDue()
            } catch is CancellationError {
                return
            } catch {
                logger.warning("booking scheduler pass failed", metadata: ["error": "\(error)"])
            }
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
        }
    }

    /// Applies every transition due by the clock now; returns how many transitions were applied.
    @discardableResult
    func runDue() async throws -> Int {
        var applied = 0
        while true {
            let now = clock.now()
            let moved = try await database.withTransaction { transaction -> Int in
                let due = try await bookings.lockDue(now: now, limit: batchSize, on: transaction)
                var moved = 0
                for booking in due {
                    moved += try await advance(booking, now: now, in: transaction)
                }
                return moved
            }
            applied += moved
            if moved == 0 { return applied }
        }
    }

    /// The transitions `booking` owes at `now`, applied in order.
    private func advance(_ booking: Booking, now: Date, in transaction: DatabaseTransaction) async throws -> Int {
        var current = booking
        var moved = 0
        while let transition = Self.due(current, now: now) {
            current = try await transitions.apply(transition, to: current, at: now, in: transaction)
            moved += 1
            logger.info("booking moved by the clock", metadata: [
                "booking.id": "\(current.id)", "booking.status": "\(current.status.rawValue)",
            ])
        }
        return moved
    }

    /// The transition the clock owes `booking` at `now`, if any.
    static func due(_ booking: Booking, now: Date) -> BookingTransition? {
        switch booking.status {
        case .held where booking.holdExpiresAt <= now: .expire
        case .paid where booking.checkIn <= now: .checkIn
        case .checkedIn where booking.checkOut <= now: .complete
        default: nil
        }
    }
}
