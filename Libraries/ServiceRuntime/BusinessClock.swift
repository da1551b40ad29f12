import Foundation

/// The time as the business sees it; every service that acts on time (booking's holds and stay lifecycle, the
/// notifier's reminders) reads it from here, never from `Date()` directly, so tests can move it.
///
/// In production it is the system clock. Outside production `ZG_CLOCK_SHIFT` moves it by a fixed amount for the
/// process's lifetime (`+36h`, `-90m`, `2d`, `45s`): restart a service with a larger shift to jump over a
/// check-in or check-out; overdue work runs on start. Setting it in production stops the service (exit 78).
public struct BusinessClock: Sendable {
    /// Kazakhstan keeps one zone, UTC+5 (Asia/Almaty since March 2024): business dates are computed in it.
    public static let zone = TimeZone(secondsFromGMT: 5 * 3600)!

    /// Seconds added to the source clock.
    public let shift: TimeInterval
    private let source: @Sendable () -> Date

    public init(shift: TimeInterval = 0, source: @escaping @Sendable () -> Date = { Date() }) {
        self.shift = shift
        self.source = source
    }

    public static let system = BusinessClock()

    public func now() -> Date { source().addingTimeInterval(shift) }

    /// A Gregorian calendar in ``zone``.
    public static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// Reads `ZG_CLOCK_SHIFT`; refuses it in production.
    public static func load(from reader: ConfigReader, environment: DeploymentEnvironment) throws -> BusinessClock {
        guard let text = reader.value("ZG_CLOCK_SHIFT")?.trimmingCharacters(in: .whitespaces), !text.isEmpty else {
            return .system
        }
        if environment.isProduction {
            throw ConfigError(variable: "ZG_CLOCK_SHIFT", problem: "must not be set in production")
        }
        guard let shift = parseShift(text) else {
            throw ConfigError.malformed("ZG_CLOCK_SHIFT", expected: "a signed duration like +36h, -90m, 2d or 45s",
                                        value: text)
        }
        return BusinessClock(shift: shift)
    }

    /// `+36h`, `-90m`, `2d`, `45s`, `45` (seconds).
    static func parseShift(_ text: String) -> TimeInterval? {
        var body = Substring(text)
        var sign: Double = 1
        if body.hasPrefix("+") { body = body.dropFirst() } else if body.hasPrefix("-") { sign = -1; body = body.dropFirst() }
        let scales: [Character: Double] = ["s": 1, "m": 60, "h": 3600, "d": 86_400]
        var scale: Double = 1
        if let last = body.last, let unit = scales[last] {
            scale = unit
            body = body.dropLast()
        }
        guard !body.isEmpty, body.allSatisfy(\.isNumber), let number = Double(body) else { return nil }
        return sign * number * scale
    }
}
