import Foundation

/// How every Telegram text shows money, dates and outside text (the bot's and the notifier's alike).
public enum Formatting {
    /// Kazakhstan's single zone (UTC+5) since March 2024: the zone of every date and time shown.
    public static let timeZone = TimeZone(secondsFromGMT: 5 * 3600) ?? .gmt

    /// A Gregorian calendar in ``timeZone``.
    public static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// Integer tiyn as «15 000 ₸»: groups of three separated by spaces, kopecks («15 000,50 ₸») only when present,
    /// a negative amount with a minus sign («−1 500 ₸»).
    public static func money(_ tiyn: Int64) -> String {
        let magnitude = tiyn.magnitude
        var digits = String(magnitude / 100)
        let rest = magnitude % 100
        var groups: [String] = []
        while digits.count > 3 {
            groups.insert(String(digits.suffix(3)), at: 0)
            digits = String(digits.dropLast(3))
        }
        groups.insert(digits, at: 0)
        var text = groups.joined(separator: " ")
        if rest != 0 { text += "," + (rest < 10 ? "0" : "") + String(rest) }
        return (tiyn < 0 ? "−" : "") + text + " ₸"
    }

    /// Escapes outside text (names, addresses, reviews) for Telegram's HTML parse mode.
    public static func html(_ text: String) -> String {
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

    /// «25.12», or «25.12.2027» when `year` is not `currentYear`: a stay next year must not read like one this year.
    public static func dayMonth(day: Int, month: Int, year: Int, currentYear: Int) -> String {
        let dayMonth = "\(two(day)).\(two(month))"
        return year == currentYear ? dayMonth : "\(dayMonth).\(year)"
    }

    /// The current year in ``timeZone``.
    public static func currentYear(now: Date = Date()) -> Int { calendar.component(.year, from: now) }

    /// «25.12» of an instant in UTC+5, with the year outside the current one (``dayMonth(day:month:year:currentYear:)``).
    public static func date(_ date: Date, now: Date = Date()) -> String {
        let parts = calendar.dateComponents([.year, .day, .month], from: date)
        return dayMonth(day: parts.day ?? 0, month: parts.month ?? 0, year: parts.year ?? 0,
                        currentYear: currentYear(now: now))
    }

    /// «14:00» of an instant in UTC+5.
    public static func time(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return "\(two(parts.hour ?? 0)):\(two(parts.minute ?? 0))"
    }

    /// «25.12 14:00» of an instant in UTC+5.
    public static func dateTime(_ date: Date, now: Date = Date()) -> String {
        "\(self.date(date, now: now)) \(time(date))"
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
