import Foundation
import ServiceRuntime

/// A validated pay-by-account request (`GET …?command=check|pay&txn_id=…&account=…&sum=…&txn_date=…`).
struct PayByAccountRequest: Sendable, Equatable {
    enum Command: String, Sendable {
        case check
        case pay
    }

    var command: Command
    /// Kaspi's transaction number: 1–20 ASCII digits.
    var txnId: String
    /// The booking number: 1–18 ASCII digits without leading zeros (Kaspi's `account` may carry up to 32 digits,
    /// leading zeros included).
    var account: String
    /// nil on a check that carried no sum or `0.00`.
    var amountTiyn: Int64?
    /// `YYYYMMDDHHMMSS` as Kaspi sent it (Kazakhstan time); required on pay.
    var txnDate: String?
    /// `txnDate` as an instant (read in UTC+5).
    var txnInstant: Date?

    /// Why a request was refused before anything was looked up: answered with result 5 (or 1 for an account that
    /// cannot exist), never stored.
    struct Rejection: Error, Equatable {
        var code: KaspiResultCode
        var comment: String
    }

    /// The parameters of the protocol, in the order they are checked.
    static let parameterNames = ["command", "txn_id", "account", "sum", "txn_date"]

    /// Parses the query parameters; the first problem found is the rejection. `repeated` names the parameters
    /// the query carried more than once: a protocol parameter among them makes the request ambiguous, so it is
    /// refused rather than read by whichever copy comes first.
    static func parse(_ parameters: [String: String],
                      repeated: Set<String> = []) -> Result<PayByAccountRequest, Rejection>
    {
        func reject(_ comment: String, _ code: KaspiResultCode = .other) -> Result<PayByAccountRequest, Rejection> {
            .failure(Rejection(code: code, comment: comment))
        }
        if let name = parameterNames.first(where: repeated.contains) {
            return reject("Параметр \(name) указан несколько раз")
        }
        guard let commandText = parameters["command"] else { return reject("Не указан command") }
        guard let command = Command(rawValue: commandText) else { return reject("Неизвестная команда") }
        guard let txnId = parameters["txn_id"], !txnId.isEmpty else { return reject("Не указан txn_id") }
        guard txnId.utf8.count <= 20, txnId.utf8.allSatisfy(isDigit) else {
            return reject("Неверный txn_id: ожидается от 1 до 20 цифр")
        }
        guard let typed = parameters["account"], !typed.isEmpty else { return reject("Не указан account") }
        guard typed.utf8.count <= 32, typed.utf8.allSatisfy(isDigit) else {
            return reject("Бронь не найдена", .notFound)
        }
        // What the payer typed, read as a number: «0100042» is booking 100042, stored and answered as such.
        // Booking numbers have at most 18 digits.
        let account = String(typed.drop { $0 == "0" })
        guard !account.isEmpty, account.utf8.count <= 18 else { return reject("Бронь не найдена", .notFound) }
        var amount: Int64?
        if let sum = parameters["sum"], !sum.isEmpty {
            guard let parsed = Tiyn.parse(sum) else { return reject("Неверная сумма: ожидаются цифры и до двух знаков после точки") }
            if parsed > 0 {
                amount = parsed
            } else if command == .pay {
                return reject("Сумма должна быть больше нуля")
            }  // check with sum=0.00: «does the account exist», answered with the amount due
        } else if command == .pay {
            return reject("Не указана сумма")
        }
        var txnDate: String?
        var instant: Date?
        if let date = parameters["txn_date"], !date.isEmpty {
            guard let parsed = parseDate(date) else { return reject("Неверная txn_date: ожидается YYYYMMDDHHMMSS") }
            txnDate = date
            instant = parsed
        } else if command == .pay {
            return reject("Не указана txn_date")
        }
        return .success(PayByAccountRequest(command: command, txnId: txnId, account: account, amountTiyn: amount,
                                            txnDate: txnDate, txnInstant: instant))
    }

    /// `YYYYMMDDHHMMSS` in Kazakhstan time; nil unless it names a real calendar instant.
    static func parseDate(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 14, bytes.allSatisfy(isDigit) else { return nil }
        func number(_ range: Range<Int>) -> Int { bytes[range].reduce(0) { $0 * 10 + Int($1 - 48) } }
        var components = DateComponents()
        components.year = number(0..<4)
        components.month = number(4..<6)
        components.day = number(6..<8)
        components.hour = number(8..<10)
        components.minute = number(10..<12)
        components.second = number(12..<14)
        let calendar = BusinessClock.calendar
        guard components.year! >= 2000, let date = calendar.date(from: components) else { return nil }
        // Reject overflowing fields (month 13, 31 February, 25:00…): the date must read back the same.
        let back = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        guard back.year == components.year, back.month == components.month, back.day == components.day,
              back.hour == components.hour, back.minute == components.minute, back.second == components.second
        else { return nil }
        return date
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
}
