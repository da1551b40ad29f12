import Database
import Foundation
import Logging
import Messaging
import Presentation
import ServiceRuntime

/// Routes one update to the feature that owns it (aiogram-style): menu commands from any state, wizard buttons
/// of the chat's current message, typed dates; a fallback answer for everything else. Every callback query is
/// answered, also when handling fails.
struct UpdateRouter: Sendable {
    let api: TelegramBotAPI
    let listings: any Listings
    let bookings: any BookingDesk
    let reviews: any ReviewDesk
    let outbox: Outbox
    let logger: Logger
    /// The business clock (`ZG_CLOCK_SHIFT` in tests and demos); every handler's «now» and «today» come from it.
    var clock: BusinessClock = .system
    let menu = MenuHandler()
    var search: SearchHandler { SearchHandler(logger: logger) }
    var booking: BookingHandler { BookingHandler(desk: bookings, logger: logger) }
    var payment: PaymentHandler { PaymentHandler(desk: bookings, logger: logger) }
    var cabinet: CabinetHandler { CabinetHandler(desk: bookings, reviews: reviews, logger: logger) }
    var review: ReviewHandler { ReviewHandler(desk: reviews, bookings: bookings, logger: logger) }
    var reviewList: ReviewListHandler { ReviewListHandler(desk: reviews, logger: logger) }

    func route(_ update: TelegramUpdate, state: ConversationState, transaction: DatabaseTransaction,
               now explicitNow: Date? = nil) async throws -> ConversationState
    {
        let now = explicitNow ?? clock.now()
        if let chat = update.message?.chat ?? update.callbackQuery?.message?.chat, !chat.isPrivate {
            try await answerOutsidePrivateChat(update, chatId: chat.id)
            return state
        }
        if let query = update.callbackQuery {
            return try await handle(query, state: state, transaction: transaction, now: now)
        }
        guard let message = update.message else { return state }
        let context = ChatContext(chatId: message.chat.id, api: api, listings: listings, outbox: outbox,
                                  transaction: transaction, today: LocalDate.today(now: now))
        // In a private chat the user is the chat.
        let guestId = message.from?.id ?? message.chat.id
        if case .kaspiPhone(let request) = state, message.contact != nil {
            return try await payment.handle(message, request: request, guestId: guestId, context: context)
        }
        if case .review(let draft) = state, message.text == nil {
            // Photos (and anything else that is not text) while writing a review.
            return try await review.handle(message, draft: draft, context: context)
        }
        guard let text = message.text else {
            try await api.sendMessage(chatId: context.chatId, text: Texts.unknownText, markup: MenuHandler.keyboard)
            return state
        }
        if let next = try await menu.handle(text: text, state: state, context: context, search: search,
                                            cabinet: cabinet, guestId: guestId, now: now) { return next }
        switch state {
        case .search(let session):
            return try await search.handle(text: text, session: session, context: context)
        case .booking(let session):
            return try await booking.handle(text: text, session: session, context: context, now: now)
        case .kaspiPhone(let request):
            return try await payment.handle(message, request: request, guestId: guestId, context: context)
        case .review(let draft):
            return try await review.handle(message, draft: draft, context: context)
        case .idle:
            try await api.sendMessage(chatId: context.chatId, text: Texts.unknownText, markup: MenuHandler.keyboard)
            return .idle
        }
    }

    private func handle(_ query: TelegramCallbackQuery, state: ConversationState, transaction: DatabaseTransaction,
                        now: Date) async throws -> ConversationState
    {
        guard let message = query.message else {
            try? await api.answerCallbackQuery(id: query.id, text: Texts.staleButton)
            return state
        }
        let context = ChatContext(chatId: message.chat.id, api: api, listings: listings, outbox: outbox,
                                  transaction: transaction, today: LocalDate.today(now: now), pressed: message)
        let data = query.data.flatMap(CallbackData.init(packed:))
        if let data, data.isBookingBound {
            return try await answering(query) {
                (try await handleBookingBound(data, query: query, message: message, state: state, context: context,
                                              now: now), nil)
            }
        }
        if let data, data.isReviewBound {
            return try await answering(query) {
                try await handleReviewBound(data, query: query, message: message, state: state, context: context)
            }
        }
        if let data, data.isReviewStep {
            guard case .review(let draft) = state, draft.messageId == message.messageId else {
                // An old review message: say so without leaving what the guest is doing now.
                try? await api.answerCallbackQuery(id: query.id, text: Texts.reviewButtonStale)
                return state
            }
            return try await answering(query) {
                try await review.handle(data, draft: draft, context: context)
            }
        }
        if let data, case .booking(let session) = state, session.messageId == message.messageId {
            return try await answering(query) {
                try await booking.handle(data, session: session, guestId: query.from.id, context: context, now: now)
            }
        }
        if data == .book, case .search(let session) = state, session.messageId == message.messageId,
           session.step == .results
        {
            return try await answering(query) {
                (try await booking.start(from: session, context: context, now: now), nil)
            }
        }
        // Only the buttons of the wizard's current message are live; anything else is stale or foreign.
        guard let data, case .search(let session) = state, session.messageId == message.messageId else {
            if data == .menu {
                try? await api.answerCallbackQuery(id: query.id)
                return try await menu.showMenu(context: context)
            }
            if data == .searchStart {
                try? await api.answerCallbackQuery(id: query.id)
                return try await search.start(context: context)
            }
            try? await api.answerCallbackQuery(id: query.id, text: Texts.staleButton)
            return try await menu.showMenu(context: context, preface: Texts.staleButton)
        }
        do {
            let (next, answer) = try await search.handle(data, session: session, context: context)
            try? await api.answerCallbackQuery(id: query.id, text: answer)
            return next
        } catch {
            try? await api.answerCallbackQuery(id: query.id, text: Texts.temporaryFailure)
            throw error
        }
    }

    /// A group, a supergroup or a channel: /start gets a pointer to the private chat, everything else nothing
    /// (a press is only answered, so that the client stops waiting). The conversation state is not touched.
    private func answerOutsidePrivateChat(_ update: TelegramUpdate, chatId: Int64) async throws {
        if let query = update.callbackQuery {
            try? await api.answerCallbackQuery(id: query.id)
            return
        }
        guard let text = update.message?.text,
              MenuHandler.command(in: text.trimmingCharacters(in: .whitespaces)) == "/start"
        else { return }
        try await api.sendMessage(chatId: chatId, text: Texts.privateChatOnly)
    }

    /// Runs `body` and answers the callback query with its text (or a failure text when it throws).
    private func answering(_ query: TelegramCallbackQuery,
                           _ body: () async throws -> (ConversationState, String?)) async throws -> ConversationState
    {
        do {
            let (next, answer) = try await body()
            try? await api.answerCallbackQuery(id: query.id, text: answer)
            return next
        } catch {
            try? await api.answerCallbackQuery(id: query.id, text: Texts.temporaryFailure)
            throw error
        }
    }

    /// Review buttons bound to a booking or an apartment: they work from any message; starting a review replaces
    /// the conversation only when the guest may review.
    private func handleReviewBound(_ data: CallbackData, query: TelegramCallbackQuery, message: TelegramMessage,
                                   state: ConversationState,
                                   context: ChatContext) async throws -> (ConversationState, String?)
    {
        let guestId = query.from.id
        switch data {
        case .reviewStart(let id):
            return (try await review.start(bookingId: id, guestId: guestId, state: state, context: context), nil)
        case .reviewPublish(let id):
            return try await review.publish(bookingId: id, guestId: guestId, state: state,
                                            messageId: message.messageId, context: context)
        case .reviews(let apartmentId, let page):
            // Pagination edits the reviews message; a button elsewhere (a card, an alert) opens a new one.
            let editing = message.text?.hasPrefix(Texts.reviewsTitle + " · ") == true ? message.messageId : nil
            try await reviewList.show(apartmentId: apartmentId, page: page, context: context, editing: editing)
        case .reviewPhotos(let apartmentId, let page, let index):
            try await reviewList.sendPhotos(apartmentId: apartmentId, page: page, index: index, context: context)
        default:
            break
        }
        return (state, nil)
    }

    /// Payment and cabinet buttons: bound to a booking id (checked against the pressing guest), not to the
    /// conversation, so they work from any message and leave the conversation where it was.
    private func handleBookingBound(_ data: CallbackData, query: TelegramCallbackQuery, message: TelegramMessage,
                                    state: ConversationState, context: ChatContext,
                                    now: Date) async throws -> ConversationState
    {
        let guestId = query.from.id
        switch data {
        case .payInvoice(let id):
            return try await payment.askPhone(bookingId: id, guestId: guestId, state: state, context: context)
        case .payLink(let id):
            try await payment.sendLink(bookingId: id, guestId: guestId, context: context)
        case .currentBookings:
            try await cabinet.showCurrent(guestId: guestId, context: context, now: now)
        case .details(let id):
            try await cabinet.showDetails(bookingId: id, guestId: guestId, context: context)
        case .history(let page):
            // Pagination edits the history message; a button elsewhere (a notification) opens a new one.
            let editing = message.text?.hasPrefix(Texts.historyTitle) == true ? message.messageId : nil
            try await cabinet.showHistory(page: page, guestId: guestId, context: context, editing: editing)
        case .cancelAsk(let id):
            try await cabinet.askCancel(bookingId: id, guestId: guestId, context: context, now: now)
        case .cancelConfirm(let id):
            try await cabinet.cancel(bookingId: id, guestId: guestId, messageId: message.messageId, context: context)
        default:
            break
        }
        return state
    }
}
