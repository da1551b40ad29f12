import Contracts
import Foundation
import Logging
import Presentation

/// Booking from a result card (PRODUCT.md scenario 3): check-in/check-out with times (buttons or typed text),
/// the summary with the cost, and the hold. The payment message follows a successful hold.
struct BookingHandler: Sendable {
    let desk: any BookingDesk
    let logger: Logger

    private var search: SearchHandler { SearchHandler(logger: logger) }
    private var payment: PaymentHandler { PaymentHandler(desk: desk, logger: logger) }

    // MARK: Entry points

    /// «Забронировать» on the current card of `search`: the dates step, defaulting to the search's dates at
    /// 14:00 → 12:00 (today → tomorrow when those dates have passed).
    func start(from search: SearchSession, context: ChatContext, now: Date) async throws -> ConversationState {
        guard search.results.indices.contains(search.position) else { return .search(search) }
        let apartmentId = search.results[search.position]
        var times = StayTimes.withDefaultTimes(search.dates, now: now)
        // Back from this apartment's booking step to its card: the times chosen there, while still bookable.
        if let kept = search.keptTimes, search.keptFor == apartmentId, case .success = StayTimes.validate(kept, now: now) {
            times = kept
        }
        if case .failure = StayTimes.validate(times, now: now) {
            times = StayTimes.withDefaultTimes(.default(today: context.today), now: now)
        }
        var session = BookingSession(apartmentId: apartmentId, search: search, times: times)
        if let card = search.messageId {
            // The card's buttons would be stale now; «Назад к карточке» shows it again.
            try? await context.removeButtons(of: card)
        }
        try await showDates(&session, context: context, newMessage: true)
        return .booking(session)
    }

    /// A button of the booking's current message. Returns the new state and the callback answer.
    func handle(_ data: CallbackData, session current: BookingSession, guestId: Int64, context: ChatContext,
                now: Date) async throws -> (ConversationState, String?)
    {
        var session = current
        switch (data, session.step) {
        case (.bookKeepDates, .dates):
            switch StayTimes.validate(session.times, now: now) {
            case .failure(let problem):
                // The shown dates went stale (time passed): start again from the defaults.
                session.times = StayTimes.withDefaultTimes(.default(today: context.today), now: now)
                try await showDates(&session, context: context, newMessage: true)
                return (.booking(session), Texts.bookingDatesError(problem))
            case .success:
                return (try await showSummary(&session, context: context, newMessage: false), nil)
            }
        case (.bookQuickDates(let start, let nights), .dates):
            let checkIn = context.today.adding(days: start)
            session.times = StayTimes.withDefaultTimes(StayDates(checkIn: checkIn, checkOut: checkIn.adding(days: nights)),
                                                       now: now)
            if case .failure(let problem) = StayTimes.validate(session.times, now: now) {
                return (.booking(current), Texts.bookingDatesError(problem))
            }
            return (try await showSummary(&session, context: context, newMessage: false), nil)
        case (.bookEditDates, .summary), (.bookEditDates, .refused):
            try await showDates(&session, context: context, newMessage: false)
            return (.booking(session), nil)
        case (.bookConfirm, .summary):
            return (try await confirm(&session, guestId: guestId, context: context, now: now), nil)
        case (.bookConfirm, .held):
            return (.booking(session), Texts.alreadyHeld)
        case (.bookBackToCard, .dates), (.bookBackToCard, .summary), (.bookBackToCard, .refused):
            try await dropButtons(of: session, context: context)
            var search = session.search
            search.keptTimes = session.times
            search.keptFor = session.apartmentId
            try await self.search.showCard(&search, context: context)
            return (.search(search), nil)
        case (.bookOtherApartments, .refused), (.bookOtherApartments, .dates):
            try await dropButtons(of: session, context: context)
            var search = session.search
            search.dates = session.times.dates
            return (try await self.search.showResults(&search, context: context), nil)
        default:
            return (.booking(session), Texts.useButtons)
        }
    }

    /// Text typed during booking: dates at the dates step, otherwise a hint.
    func handle(text: String, session current: BookingSession, context: ChatContext,
                now: Date) async throws -> ConversationState
    {
        var session = current
        switch session.step {
        case .dates:
            switch StayTimes.parse(text, now: now) {
            case .failure(let problem):
                try await context.api.sendMessage(chatId: context.chatId, text: Texts.bookingDatesError(problem))
                return .booking(session)
            case .success(let times):
                try await dropButtons(of: session, context: context)
                session.times = times
                return try await showSummary(&session, context: context, newMessage: true)
            }
        case .summary, .refused:
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.useButtons)
            return .booking(session)
        case .held:
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.unknownText, markup: MenuHandler.keyboard)
            return .booking(session)
        }
    }

    // MARK: Steps

    private func showDates(_ session: inout BookingSession, context: ChatContext, newMessage: Bool) async throws {
        session.step = .dates
        let rows: [[InlineButton]] = [
            [InlineButton(Texts.keepDates(session.times), .bookKeepDates)],
            [InlineButton(Texts.datesToday, .bookQuickDates(startOffset: 0, nights: 1)),
             InlineButton(Texts.datesTomorrow, .bookQuickDates(startOffset: 1, nights: 1))],
            [InlineButton(Texts.datesWeekend, .bookQuickDates(startOffset: 1, nights: 2))],
            [InlineButton(Texts.backToCard, .bookBackToCard)],
        ]
        try await send(&session, text: Texts.bookingDatesPrompt(session.times), rows: rows, context: context,
                       newMessage: newMessage)
    }

    private func showSummary(_ session: inout BookingSession, context: ChatContext,
                             newMessage: Bool) async throws -> ConversationState
    {
        let card = try await context.listings.card(apartmentId: session.apartmentId, botId: context.api.botId)
        guard card.isListed else { return try await refuse(&session, text: Texts.apartmentGone, context: context) }
        session.step = .summary
        // A new summary is a new confirmation: a new request id (a double press of this one places one hold).
        session.requestId = UUID()
        try await send(&session, text: Texts.bookingSummary(card, times: session.times), rows: [
            [InlineButton(Texts.confirm, .bookConfirm)],
            [InlineButton(Texts.changeDates, .bookEditDates)],
            [InlineButton(Texts.backToCard, .bookBackToCard)],
        ], context: context, newMessage: newMessage)
        return .booking(session)
    }

    private func confirm(_ session: inout BookingSession, guestId: Int64, context: ChatContext,
                         now: Date) async throws -> ConversationState
    {
        let outcome = try await desk.placeHold(PlaceHold(
            requestId: session.requestId, apartmentId: session.apartmentId, guestId: guestId,
            guestChatId: context.chatId, checkIn: session.times.checkInInstant, checkOut: session.times.checkOutInstant))
        logger.info("hold placed", metadata: ["result": "\(outcome.result.rawValue)",
                                             "booking.id": "\(outcome.booking?.bookingId.uuidString ?? "-")"])
        switch outcome.result {
        case .held:
            guard let booking = outcome.booking else { throw BookingReplyIncomplete() }
            try await dropButtons(of: session, context: context)
            session.step = .held
            session.bookingId = booking.bookingId
            let card = try? await context.listings.card(apartmentId: booking.apartmentId, botId: context.api.botId)
            // The payment buttons are bound to the booking; the summary stays the session's message so that a
            // second «Подтвердить» is answered «already held».
            try await payment.sendPaymentMessage(booking, card: card, context: context, now: now)
            return .booking(session)
        case .unavailable:
            return try await refuse(&session, text: Texts.apartmentTaken, context: context)
        case .apartmentUnavailable:
            return try await refuse(&session, text: Texts.apartmentGone, context: context)
        case .tooManyHolds:
            try await dropButtons(of: session, context: context)
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.tooManyHolds, markup: MenuHandler.keyboard)
            return .idle
        case .invalidDates:
            try await dropButtons(of: session, context: context)
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.bookingDatesError(outcome.dateProblem))
            try await showDates(&session, context: context, newMessage: true)
            return .booking(session)
        }
    }

    /// The apartment cannot be booked for these dates: say so and offer other dates and other apartments.
    private func refuse(_ session: inout BookingSession, text: String, context: ChatContext) async throws -> ConversationState {
        try await dropButtons(of: session, context: context)
        session.step = .refused
        try await send(&session, text: text, rows: [
            [InlineButton(Texts.otherDates, .bookEditDates)],
            [InlineButton(Texts.otherApartments, .bookOtherApartments)],
        ], context: context, newMessage: true)
        return .booking(session)
    }

    private func send(_ session: inout BookingSession, text: String, rows: [[InlineButton]], context: ChatContext,
                      newMessage: Bool) async throws
    {
        if !newMessage, let messageId = session.messageId {
            try await context.editText(messageId, text: text, markup: .inline(rows))
        } else {
            let message = try await context.api.sendMessage(chatId: context.chatId, text: text, markup: .inline(rows))
            session.messageId = message.messageId
        }
    }

    /// The current message keeps its text and loses its buttons (they would be stale).
    private func dropButtons(of session: BookingSession, context: ChatContext) async throws {
        guard let messageId = session.messageId else { return }
        try? await context.removeButtons(of: messageId)
    }
}

/// Booking answered `held` without the booking.
struct BookingReplyIncomplete: Error, CustomStringConvertible {
    var description: String { "booking answered a hold without the booking" }
}
