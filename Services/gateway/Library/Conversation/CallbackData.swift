import Foundation

/// Typed data of an inline button, packed as `prefix:field:…` (Telegram allows 1–64 bytes).
///
/// `m:` main menu, `s:` search wizard, `r:` results. Anything that does not parse is a stale or foreign button.
public enum CallbackData: Sendable, Equatable {
    case menu
    case city(Int)
    /// nil: «Любой».
    case district(Int?)
    case apartmentClass(String?)
    case rooms(Int?)
    case back
    case editDates
    /// Quick date choice: check-in `startOffset` days from today, `nights` nights.
    case quickDates(startOffset: Int, nights: Int)
    case next
    case book
    case changeFilters
    /// Jump to a wizard step (from the «no results» message).
    case goTo(SearchSession.Step)

    public static let maximumBytes = 64

    public var packed: String {
        let text: String
        switch self {
        case .menu: text = "m:menu"
        case .city(let id): text = "s:c:\(id)"
        case .district(let id): text = "s:d:\(id.map(String.init) ?? "any")"
        case .apartmentClass(let value): text = "s:k:\(value ?? "any")"
        case .rooms(let rooms): text = "s:r:\(rooms.map(String.init) ?? "any")"
        case .back: text = "s:back"
        case .editDates: text = "s:dates"
        case .quickDates(let start, let nights): text = "s:q:\(start):\(nights)"
        case .next: text = "r:next"
        case .book: text = "r:book"
        case .changeFilters: text = "r:filters"
        case .goTo(let step): text = "s:go:\(step.rawValue)"
        }
        precondition(text.utf8.count <= Self.maximumBytes, "callback data over 64 bytes: \(text)")
        return text
    }

    public init?(packed: String) {
        guard packed.utf8.count <= Self.maximumBytes else { return nil }
        let parts = packed.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        func optionalInt(_ text: String) -> Int?? {
            if text == "any" { return .some(nil) }
            guard let value = Int(text) else { return nil }
            return .some(value)
        }
        switch parts.first {
        case "m" where parts == ["m", "menu"]: self = .menu
        case "s":
            guard parts.count >= 2 else { return nil }
            switch (parts[1], parts.count) {
            case ("c", 3): guard let id = Int(parts[2]) else { return nil }; self = .city(id)
            case ("d", 3): guard let id = optionalInt(parts[2]) else { return nil }; self = .district(id)
            case ("k", 3):
                let value = parts[2]
                guard value == "any" || ["comfort", "business", "premium"].contains(value) else { return nil }
                self = .apartmentClass(value == "any" ? nil : value)
            case ("r", 3):
                guard let rooms = optionalInt(parts[2]), (rooms ?? 1) >= 1, (rooms ?? 1) <= 4 else { return nil }
                self = .rooms(rooms)
            case ("go", 3):
                guard let step = SearchSession.Step(rawValue: parts[2]) else { return nil }
                self = .goTo(step)
            case ("back", 2): self = .back
            case ("dates", 2): self = .editDates
            case ("q", 4):
                guard let start = Int(parts[2]), let nights = Int(parts[3]), (0...365).contains(start),
                      (1...30).contains(nights) else { return nil }
                self = .quickDates(startOffset: start, nights: nights)
            default: return nil
            }
        case "r" where parts.count == 2:
            switch parts[1] {
            case "next": self = .next
            case "book": self = .book
            case "filters": self = .changeFilters
            default: return nil
            }
        default: return nil
        }
    }
}
