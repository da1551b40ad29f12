import Foundation

/// Booking an apartment from its result card: choosing check-in/check-out, the summary, the hold.
public struct BookingSession: Codable, Sendable, Equatable {
    public enum Step: String, Codable, Sendable {
        /// Choosing dates and times (buttons or typed text).
        case dates
        /// The summary with «Подтвердить».
        case summary
        /// The hold was placed (`bookingId`); the payment message was sent.
        case held
        /// The apartment was taken or unavailable: ways out are offered.
        case refused
    }

    public var step: Step
    public var apartmentId: UUID
    /// The search this booking started from, to go back to its card or to other apartments.
    public var search: SearchSession
    public var times: StayTimes
    /// The message whose buttons drive this booking.
    public var messageId: Int?
    /// Sent with ``Contracts/PlaceHold``: new for every summary shown, so a double press or a retried update
    /// places one hold.
    public var requestId: UUID
    public var bookingId: UUID?

    public init(apartmentId: UUID, search: SearchSession, times: StayTimes) {
        step = .dates
        self.apartmentId = apartmentId
        self.search = search
        self.times = times
        requestId = UUID()
    }
}

/// Waiting for the guest to share their phone (Telegram's contact button) for a Kaspi invoice.
public struct PhoneRequest: Codable, Sendable, Equatable {
    public var bookingId: UUID

    public init(bookingId: UUID) { self.bookingId = bookingId }
}
