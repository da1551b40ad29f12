import Foundation
import ServiceRuntime

/// How notifications show money, dates and user text.
enum Formatting {
    /// Integer tiyn as «15 000 ₸» (groups of three, as the gateway writes them; kopecks «15 000,50 ₸» only when
    /// present).
    static func money(_ tiyn: Int64) -> String {
        let negative = tiyn < 0
        let magnitude = tiyn.magnitude
        let tenge = magnitude / 100
        let rest = magnitude % 100
        var digits = String(tenge)
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits = String(digits.dropLast(3))
        }
        groups.insert(digits, at: 0)
        var text = groups.joined(separator: " ")
        if rest != 0 { text += "," + (rest < 10 ? "0" : "") + String(rest) }
        return (negative ? "−" : "") + text + " ₸"
    }

    /// «25.12 14:00» in UTC+5.
    static func dateTime(_ date: Date) -> String {
        let parts = BusinessClock.calendar.dateComponents([.hour, .minute], from: date)
        return "\(self.date(date)) \(two(parts.hour ?? 0)):\(two(parts.minute ?? 0))"
    }

    /// «25.12» in UTC+5, or «25.12.2027» outside the current year: a stay next year must not read like one this
    /// year (the bot shows dates the same way).
    static func date(_ date: Date) -> String {
        let calendar = BusinessClock.calendar
        let parts = calendar.dateComponents([.year, .day, .month], from: date)
        let dayMonth = "\(two(parts.day ?? 0)).\(two(parts.month ?? 0))"
        return parts.year == calendar.component(.year, from: Date()) ? dayMonth : "\(dayMonth).\(parts.year ?? 0)"
    }

    /// «14:00» in UTC+5.
    static func time(_ date: Date) -> String {
        let parts = BusinessClock.calendar.dateComponents([.hour, .minute], from: date)
        return "\(two(parts.hour ?? 0)):\(two(parts.minute ?? 0))"
    }

    /// Escapes text for Telegram's HTML parse mode.
    static func html(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
