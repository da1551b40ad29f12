import Contracts
import Foundation

/// Typed data of an inline button, packed as `prefix:field:…` (Telegram allows 1–64 bytes). The gateway reads it;
/// the gateway and the notifier (buttons under notifications) write it.
///
/// `m:` main menu, `s:` search wizard, `r:` results, `b:` booking (buttons of the booking's current message),
/// `p:` payment and `c:` cabinet (bound to a booking id, not to a message: they work from any message, and
/// the notifier sends some of them — "c:cur", "c:det:<bookingUUID>", "c:hist:<page>" are a fixed format).
/// `v:` reviews: `v:new:<bookingUUID>` (start a review; the notifier sends it), `v:ls:<apartmentUUID>:<page>`
/// (an apartment's reviews, 1-based page; the notifier's realtor alert sends it), `v:ph:<apartmentUUID>:<page>:<n>`
/// (the photos of the n-th review of that page) and `v:pub:<bookingUUID>` (publish) are bound to their ids and
/// work from any message; `v:r:<1…5>`, `v:skip`, `v:cancel` are live on the draft's current message only.
/// Anything that does not parse is a stale or foreign button.
public enum CallbackData: Sendable, Equatable {
    case menu
    /// «Поиск квартир» under a notification (`m:search`): starts a new search, like the menu's button.
    case searchStart
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
    case goTo(SearchStep)

    // Booking (`b:`), live on the booking's current message only.
    /// Keep the dates shown and go to the summary.
    case bookKeepDates
    /// Quick choice: check-in `startOffset` days from today, `nights` nights, default times.
    case bookQuickDates(startOffset: Int, nights: Int)
    case bookEditDates
    case bookConfirm
    case bookBackToCard
    /// Other free apartments of the search for the booking's dates.
    case bookOtherApartments

    // Payment (`p:`) and cabinet (`c:`): bound to a booking, checked against the pressing guest.
    /// A Kaspi invoice to the guest's phone (asks for the contact).
    case payInvoice(UUID)
    case payLink(UUID)
    /// «Статус текущей брони»: the guest's active bookings.
    case currentBookings
    case details(UUID)
    /// History page, 1-based.
    case history(page: Int)
    /// «Отменить»: the confirmation with the refund.
    case cancelAsk(UUID)
    case cancelConfirm(UUID)

    // Reviews (`v:`).
    /// Start reviewing the booking (fixed format: other services send it).
    case reviewStart(UUID)
    /// The apartment's reviews, page 1-based (fixed format: other services send it).
    case reviews(apartmentId: UUID, page: Int)
    /// The photos of review `index` (0-based) of that page.
    case reviewPhotos(apartmentId: UUID, page: Int, index: Int)
    /// Publish the draft of this booking.
    case reviewPublish(UUID)
    /// A star rating on the draft's rating step.
    case reviewRating(Int)
    /// «Пропустить» on the text step.
    case reviewSkipText
    case reviewCancel

    public static let maximumBytes = 64

    /// Lower-case UUID text (36 bytes).
    public static func pack(_ id: UUID) -> String { id.uuidString.lowercased() }

    /// Buttons bound to a booking (or the guest) rather than to the conversation's current message.
    public var isBookingBound: Bool {
        switch self {
        case .payInvoice, .payLink, .currentBookings, .details, .history, .cancelAsk, .cancelConfirm: true
        default: false
        }
    }

    /// Review buttons bound to a booking or an apartment: they work from any message.
    public var isReviewBound: Bool {
        switch self {
        case .reviewStart, .reviews, .reviewPhotos, .reviewPublish: true
        default: false
        }
    }

    /// Review buttons live only on the draft's current message.
    public var isReviewStep: Bool {
        switch self {
        case .reviewRating, .reviewSkipText, .reviewCancel: true
        default: false
        }
    }

    public var packed: String {
        let text: String
        switch self {
        case .menu: text = "m:menu"
        case .searchStart: text = "m:search"
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
        case .bookKeepDates: text = "b:ok"
        case .bookQuickDates(let start, let nights): text = "b:q:\(start):\(nights)"
        case .bookEditDates: text = "b:dates"
        case .bookConfirm: text = "b:confirm"
        case .bookBackToCard: text = "b:card"
        case .bookOtherApartments: text = "b:other"
        case .payInvoice(let id): text = "p:inv:\(Self.pack(id))"
        case .payLink(let id): text = "p:link:\(Self.pack(id))"
        case .currentBookings: text = "c:cur"
        case .details(let id): text = "c:det:\(Self.pack(id))"
        case .history(let page): text = "c:hist:\(page)"
        case .cancelAsk(let id): text = "c:cx:\(Self.pack(id))"
        case .cancelConfirm(let id): text = "c:cxok:\(Self.pack(id))"
        case .reviewStart(let id): text = "v:new:\(Self.pack(id))"
        case .reviews(let id, let page): text = "v:ls:\(Self.pack(id)):\(page)"
        case .reviewPhotos(let id, let page, let index): text = "v:ph:\(Self.pack(id)):\(page):\(index)"
        case .reviewPublish(let id): text = "v:pub:\(Self.pack(id))"
        case .reviewRating(let stars): text = "v:r:\(stars)"
        case .reviewSkipText: text = "v:skip"
        case .reviewCancel: text = "v:cancel"
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
        case "m" where parts == ["m", "search"]: self = .searchStart
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
                guard let step = SearchStep(rawValue: parts[2]) else { return nil }
                self = .goTo(step)
            case ("back", 2): self = .back
            case ("dates", 2): self = .editDates
            case ("q", 4):
                guard let (start, nights) = Self.quickDates(parts) else { return nil }
                self = .quickDates(startOffset: start, nights: nights)
            default: return nil
            }
        case "b":
            switch (parts.count > 1 ? parts[1] : "", parts.count) {
            case ("ok", 2): self = .bookKeepDates
            case ("dates", 2): self = .bookEditDates
            case ("confirm", 2): self = .bookConfirm
            case ("card", 2): self = .bookBackToCard
            case ("other", 2): self = .bookOtherApartments
            case ("q", 4):
                guard let (start, nights) = Self.quickDates(parts) else { return nil }
                self = .bookQuickDates(startOffset: start, nights: nights)
            default: return nil
            }
        case "p" where parts.count == 3:
            guard let id = UUID(uuidString: parts[2]) else { return nil }
            switch parts[1] {
            case "inv": self = .payInvoice(id)
            case "link": self = .payLink(id)
            default: return nil
            }
        case "c" where parts == ["c", "cur"]: self = .currentBookings
        case "c" where parts.count == 3 && parts[1] == "hist":
            guard let page = Int(parts[2]), (1...Self.maximumPage).contains(page) else { return nil }
            self = .history(page: page)
        case "c" where parts.count == 3:
            guard let id = UUID(uuidString: parts[2]) else { return nil }
            switch parts[1] {
            case "det": self = .details(id)
            case "cx": self = .cancelAsk(id)
            case "cxok": self = .cancelConfirm(id)
            default: return nil
            }
        case "v":
            guard let parsed = Self.review(parts) else { return nil }
            self = parsed
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

extension CallbackData {
    /// Larger page numbers (reviews, the guest's history) are not a page anybody can reach, and a forged one
    /// would overflow the offset computed from it — a trap that stops the process, not an error.
    public static let maximumPage = 100_000

    /// The start offset (0…365 days) and nights (1…30) of `s:q:<start>:<nights>` or `b:q:…`; nil when malformed.
    fileprivate static func quickDates(_ parts: [String]) -> (start: Int, nights: Int)? {
        guard let start = Int(parts[2]), let nights = Int(parts[3]), (0...365).contains(start), (1...30).contains(nights)
        else { return nil }
        return (start, nights)
    }

    /// `v:…` parts; nil when malformed (UUIDs are accepted in any case, pages from 1, photo index 0…49).
    fileprivate static func review(_ parts: [String]) -> CallbackData? {
        switch (parts.count > 1 ? parts[1] : "", parts.count) {
        case ("new", 3): return UUID(uuidString: parts[2]).map { .reviewStart($0) }
        case ("pub", 3): return UUID(uuidString: parts[2]).map { .reviewPublish($0) }
        case ("ls", 4):
            guard let id = UUID(uuidString: parts[2]), let page = Int(parts[3]), (1...maximumPage).contains(page)
            else { return nil }
            return .reviews(apartmentId: id, page: page)
        case ("ph", 5):
            guard let id = UUID(uuidString: parts[2]), let page = Int(parts[3]), (1...maximumPage).contains(page),
                  let index = Int(parts[4]), (0..<ListReviews.maximumPageSize).contains(index) else { return nil }
            return .reviewPhotos(apartmentId: id, page: page, index: index)
        case ("r", 3):
            guard let stars = Int(parts[2]), (1...5).contains(stars) else { return nil }
            return .reviewRating(stars)
        case ("skip", 2): return .reviewSkipText
        case ("cancel", 2): return .reviewCancel
        default: return nil
        }
    }
}

/// The steps of the gateway's search wizard (`SearchSession.Step`), named in `s:go:<step>` buttons.
public enum SearchStep: String, Codable, Sendable {
    case city, district, apartmentClass, rooms, dates, results
}

extension NotificationButton {
    /// A button under a notification that the gateway handles like its own.
    public init(_ text: String, _ data: CallbackData) {
        self.init(text: text, callbackData: data.packed)
    }
}
