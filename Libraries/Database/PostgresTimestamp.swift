import Foundation

/// `timestamptz` text with microsecond precision, formatted and parsed by hand (no formatter, no locale).
enum PostgresTimestamp {
    private static let microsPerSecond: Int64 = 1_000_000
    private static let microsPerDay: Int64 = 86_400 * 1_000_000

    /// Formats as `YYYY-MM-DD HH:MM:SS.ffffff+00` in UTC (` BC` appended for years before 1).
    static func format(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else { return seconds < 0 ? "-infinity" : "infinity" }
        let scaled = (seconds * 1_000_000).rounded()
        guard scaled > -9.0e18, scaled < 9.0e18 else { return scaled < 0 ? "-infinity" : "infinity" }
        let micros = Int64(scaled)

        let days = floorDivide(micros, microsPerDay)
        var rest = micros - days * microsPerDay
        let (year, month, day) = civil(fromDays: days)
        let hour = rest / (3_600 * microsPerSecond)
        rest -= hour * 3_600 * microsPerSecond
        let minute = rest / (60 * microsPerSecond)
        rest -= minute * 60 * microsPerSecond
        let second = rest / microsPerSecond
        let fraction = rest - second * microsPerSecond

        var out = ""
        out.reserveCapacity(32)
        let bc = year <= 0
        append(bc ? 1 - year : year, width: 4, to: &out)
        out.append("-")
        append(month, width: 2, to: &out)
        out.append("-")
        append(day, width: 2, to: &out)
        out.append(" ")
        append(hour, width: 2, to: &out)
        out.append(":")
        append(minute, width: 2, to: &out)
        out.append(":")
        append(second, width: 2, to: &out)
        out.append(".")
        append(fraction, width: 6, to: &out)
        out.append("+00")
        if bc { out.append(" BC") }
        return out
    }

    /// Parses ISO output of `timestamptz` (`2024-05-06 07:08:09.123456+05:30`), `timestamp` (taken as UTC)
    /// and `date`; `infinity` maps to `Date.distantFuture`, `-infinity` to `Date.distantPast`.
    static func parse(_ text: String) -> Date? {
        if text == "infinity" { return .distantFuture }
        if text == "-infinity" { return .distantPast }
        var bytes = Array(text.utf8)[...]
        var bc = false
        let suffix = Array(" BC".utf8)
        if bytes.count > 3, Array(bytes.suffix(3)) == suffix {
            bc = true
            bytes = bytes.dropLast(3)
        }
        var reader = Reader(bytes: bytes)
        guard var year = reader.number(minDigits: 4, maxDigits: 9), reader.skip("-"),
              let month = reader.number(minDigits: 2, maxDigits: 2), reader.skip("-"),
              let day = reader.number(minDigits: 2, maxDigits: 2),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        if bc { year = 1 - year }

        var micros: Int64 = 0
        var offsetSeconds: Int64 = 0
        if !reader.atEnd {
            guard reader.skip(" ") || reader.skip("T"),
                  let hour = reader.number(minDigits: 2, maxDigits: 2), reader.skip(":"),
                  let minute = reader.number(minDigits: 2, maxDigits: 2), reader.skip(":"),
                  let second = reader.number(minDigits: 2, maxDigits: 2),
                  hour <= 24, minute < 60, second <= 60 else { return nil }
            micros = (hour * 3_600 + minute * 60 + second) * microsPerSecond
            if reader.skip(".") {
                guard let fraction = reader.fraction() else { return nil }
                micros += fraction.value * pow10(6 - fraction.digits)
            }
            if reader.skip("Z") {
                offsetSeconds = 0
            } else if !reader.atEnd {
                let sign: Int64
                if reader.skip("+") { sign = 1 } else if reader.skip("-") { sign = -1 } else { return nil }
                guard let hours = reader.number(minDigits: 2, maxDigits: 2) else { return nil }
                var offset = hours * 3_600
                if reader.skip(":") {
                    guard let minutes = reader.number(minDigits: 2, maxDigits: 2) else { return nil }
                    offset += minutes * 60
                    if reader.skip(":") {
                        guard let seconds = reader.number(minDigits: 2, maxDigits: 2) else { return nil }
                        offset += seconds
                    }
                }
                offsetSeconds = sign * offset
            }
            guard reader.atEnd else { return nil }
        }

        let days = days(fromCivil: year, month, day)
        let total = days * microsPerDay + micros - offsetSeconds * microsPerSecond
        return Date(timeIntervalSince1970: Double(total) / 1_000_000)
    }

    private struct Reader {
        var bytes: ArraySlice<UInt8>

        var atEnd: Bool { bytes.isEmpty }

        mutating func skip(_ char: Unicode.Scalar) -> Bool {
            guard bytes.first == UInt8(ascii: char) else { return false }
            bytes.removeFirst()
            return true
        }

        mutating func number(minDigits: Int, maxDigits: Int) -> Int64? {
            var value: Int64 = 0
            var count = 0
            while count < maxDigits, let byte = bytes.first, (48...57).contains(byte) {
                value = value * 10 + Int64(byte - 48)
                count += 1
                bytes.removeFirst()
            }
            return count >= minDigits ? value : nil
        }

        /// Up to six fractional digits (more are read and dropped); returns the value and digit count.
        mutating func fraction() -> (value: Int64, digits: Int)? {
            var value: Int64 = 0
            var count = 0
            while let byte = bytes.first, (48...57).contains(byte) {
                if count < 6 {
                    value = value * 10 + Int64(byte - 48)
                    count += 1
                }
                bytes.removeFirst()
            }
            return count > 0 ? (value, count) : nil
        }
    }

    private static func pow10(_ exponent: Int) -> Int64 {
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    private static func append(_ value: Int64, width: Int, to out: inout String) {
        let digits = String(value)
        if digits.count < width { out.append(String(repeating: "0", count: width - digits.count)) }
        out.append(digits)
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = floorDivide(y, 400)
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = floorDivide(z, 146_097)
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (year, month, day)
    }
}
