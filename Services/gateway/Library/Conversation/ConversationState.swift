import Foundation
import Presentation

/// Where a chat is in its conversation, persisted per chat as JSON (`gateway.conversations.state`).
/// A restart resumes exactly here; buttons of any other message than `search.messageId` are stale.
public enum ConversationState: Codable, Sendable, Equatable {
    /// At the main menu (or never started).
    case idle
    case search(SearchSession)
    /// Booking an apartment (dates, summary, hold).
    case booking(BookingSession)
    /// Waiting for the shared contact for a Kaspi invoice.
    case kaspiPhone(PhoneRequest)
    /// Writing a review of a finished stay.
    case review(ReviewDraft)
}

/// The search wizard: the step shown, the choices so far (kept when going back), dates and results.
public struct SearchSession: Codable, Sendable, Equatable {
    public typealias Step = SearchStep

    /// A choice made at a step: «Любой» or a value. nil in the session: not chosen yet.
    public enum Pick<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
        case any
        case value(Value)

        public var value: Value? {
            if case .value(let value) = self { return value }
            return nil
        }
    }

    public var step: Step
    /// The step to return to from the dates step.
    public var stepBeforeDates: Step?
    public var cityId: Int?
    public var district: Pick<Int>?
    public var apartmentClass: Pick<String>?
    public var rooms: Pick<Int>?
    public var dates: StayDates
    /// The message whose buttons drive the wizard (a step's keyboard, or the current result card).
    public var messageId: Int?
    /// Matching free apartments, cheapest first, and the one shown.
    public var results: [UUID]
    public var position: Int
    /// The check-in/check-out a guest chose in the booking step of `keptFor` before going back to its card, so that
    /// «Забронировать» on the same card offers them again (PRODUCT.md scenario 2: choices are kept going back).
    public var keptTimes: StayTimes?
    public var keptFor: UUID?

    public init(dates: StayDates) {
        step = .city
        self.dates = dates
        results = []
        position = 0
    }
}
