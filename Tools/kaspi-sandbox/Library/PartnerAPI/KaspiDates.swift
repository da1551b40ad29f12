import Foundation

/// Kaspi's date format: ISO 8601 with the Kazakhstan offset, e.g. `2026-11-25T14:35:00+05:00`.
public enum KaspiDates {
    static let zone = TimeZone(secondsFromGMT: 5 * 3600) ?? .gmt

    static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = zone
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// `YYYYMMDDHHMMSS` in Kazakhstan time (pay-by-account `txn_date`).
    public static func compact(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let number = value ?? 0
            return number < 10 ? "0\(number)" : "\(number)"
        }
        return "\(parts.year ?? 0)\(two(parts.month))\(two(parts.day))\(two(parts.hour))\(two(parts.minute))\(two(parts.second))"
    }
}
