import Foundation

extension Duration {
    /// Whole milliseconds, **rounded up**: a positive duration is never 0 ms (which would mean «at once» or «no
    /// limit» to the timeouts, TTLs and intervals it is passed to), and whole milliseconds stay exact (retry queue
    /// names such as `….retry.100ms` depend on that). Saturates at `Int64.max`; a negative duration truncates
    /// towards zero.
    public var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (milliseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000)
        if overflow { return seconds < 0 ? .min : .max }
        let fraction = attoseconds > 0 ? (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
            : attoseconds / 1_000_000_000_000_000
        let (total, sumOverflow) = milliseconds.addingReportingOverflow(fraction)
        return sumOverflow ? .max : total
    }

    /// Seconds as a `TimeInterval`, for `Date` arithmetic.
    public var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
