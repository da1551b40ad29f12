/// Why a partner-API call did not succeed.
enum KaspiAPIError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Kaspi answered with a non-zero `StatusCode`: a final refusal of this call.
    case refused(statusCode: Int, message: String)
    /// No usable answer (connection failure, timeout, 5xx, not JSON): the outcome is unknown, try again later.
    case unavailable(String)
    /// Kaspi's own transient failures (`-999`, `-99000006`) are refusals that are worth retrying.
    var isTransient: Bool {
        switch self {
        case .unavailable: true
        case let .refused(code, _): code == -999 || code == -99000006
        }
    }

    var description: String {
        switch self {
        case let .refused(code, message): "Kaspi refused: \(code) \(message)"
        case let .unavailable(reason): "Kaspi unavailable: \(reason)"
        }
    }

    /// For the payment log's `result` column.
    var logResult: String {
        switch self {
        case let .refused(code, _): String(code)
        case .unavailable: "unavailable"
        }
    }
}
