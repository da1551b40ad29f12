import Foundation
import ServiceRuntime

/// Booking's own settings, read once at start (besides the ones every service reads).
///
/// | variable | meaning | default |
/// |---|---|---|
/// | `BOOKING_HOLD_MINUTES` | how long a hold blocks the dates waiting for payment | 15 |
/// | `BOOKING_MAX_ACTIVE_HOLDS` | unpaid holds one guest may have at once (a script must not hold the catalog) | 3 |
/// | `BOOKING_REFUND_TIERS` | refund by hours before check-in, `hours:percent,…` | `72:100,24:50,0:0` |
/// | `BOOKING_SCHEDULER_INTERVAL` | how often the scheduler looks for due expiries, check-ins and check-outs | 1s |
/// | `ZG_CLOCK_SHIFT` | moves the business clock (not in production), see ``BusinessClock`` | none |
public struct BookingSettings: Sendable {
    public var holdDuration: Duration
    var refundTiers: RefundTiers
    public var schedulerInterval: Duration
    /// Unpaid, unexpired holds one guest may have at once; a further PlaceHold answers `too_many_holds`.
    public var maxActiveHolds: Int

    public static let defaultMaxActiveHolds = 3

    public init(holdDuration: Duration = .seconds(15 * 60), schedulerInterval: Duration = .seconds(1),
                maxActiveHolds: Int = defaultMaxActiveHolds)
    {
        self.holdDuration = holdDuration
        self.refundTiers = .standard
        self.schedulerInterval = schedulerInterval
        self.maxActiveHolds = maxActiveHolds
    }

    init(holdDuration: Duration, refundTiers: RefundTiers, schedulerInterval: Duration,
         maxActiveHolds: Int = defaultMaxActiveHolds)
    {
        self.holdDuration = holdDuration
        self.refundTiers = refundTiers
        self.schedulerInterval = schedulerInterval
        self.maxActiveHolds = maxActiveHolds
    }

    /// Throws a `ConfigError` naming the variable.
    public static func load(from reader: ConfigReader) throws -> BookingSettings {
        let minutes = try reader.int("BOOKING_HOLD_MINUTES", default: 15, range: 1...1440)
        let tiersText = reader.string("BOOKING_REFUND_TIERS", default: RefundTiers.standard.description)
        guard let tiers = RefundTiers(parsing: tiersText) else {
            throw ConfigError.malformed("BOOKING_REFUND_TIERS",
                                        expected: "hours:percent pairs like 72:100,24:50,0:0", value: tiersText)
        }
        let interval = try reader.duration("BOOKING_SCHEDULER_INTERVAL", default: .seconds(1))
        guard interval > .zero else {
            throw ConfigError.malformed("BOOKING_SCHEDULER_INTERVAL", expected: "a positive duration like 1s",
                                        value: nil)
        }
        let maxHolds = try reader.int("BOOKING_MAX_ACTIVE_HOLDS", default: defaultMaxActiveHolds, range: 1...1000)
        return BookingSettings(holdDuration: .seconds(minutes * 60), refundTiers: tiers, schedulerInterval: interval,
                               maxActiveHolds: maxHolds)
    }
}
