import Contracts
import Foundation
import Logging
import Messaging
import Presentation

/// The personal cabinet (PRODUCT.md scenario 4): «Статус текущей брони» (active bookings with payment,
/// details and cancellation) and «Мои бронирования» (history, paginated). Every booking id from a button is
/// checked against the pressing guest by booking (`GetBooking` with `guestId`): someone else's booking looks
/// exactly like a missing one.
struct CabinetHandler: Sendable {
    let desk: any BookingDesk
    let reviews: any ReviewDesk
    let logger: Logger

    static let historyPageSize = 5
    static let currentLimit = 20

    /// «Статус текущей брони»: one message per active booking with its buttons, or the empty state.
    func showCurrent(guestId: Int64, context: ChatContext, now: Date) async throws {
        let page = try await desk.bookings(guestId: guestId, scope: .current, offset: 0, limit: Self.currentLimit)
        guard !page.bookings.isEmpty else {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.noActiveBooking, markup: MenuHandler.keyboard)
            return
        }
        for booking in page.bookings {
            let card = try? await context.listings.card(apartmentId: booking.apartmentId, botId: context.api.botId)
            try await context.api.sendMessage(chatId: context.chatId,
                                              text: Texts.currentBooking(booking, card: card, now: now),
                                              markup: .inline(Self.buttons(for: booking)))
        }
    }

    static func buttons(for booking: BookingSummary) -> [[InlineButton]] {
        switch booking.status {
        case .held: PaymentHandler.buttons(for: booking.bookingId)
        case .paid: [[InlineButton(Texts.details, .details(booking.bookingId)),
                      InlineButton(Texts.cancelBooking, .cancelAsk(booking.bookingId))]]
        case .checkedIn: [[InlineButton(Texts.details, .details(booking.bookingId))]]
        case .completed, .expired, .cancelled, .noShow: []
        }
    }

    /// «Детали»: the access details of the guest's paid booking, revealed (and audited) by the catalog.
    func showDetails(bookingId: UUID, guestId: Int64, context: ChatContext) async throws {
        guard let booking = try await desk.booking(bookingId, guestId: guestId) else {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.bookingNotFound)
            return
        }
        guard booking.status == .paid || booking.status == .checkedIn else {
            let text = booking.status == .held ? Texts.detailsAfterPayment : Texts.notCancellableDetails
            let review = booking.status == .completed ? await mayReview(booking, guestId: guestId) : false
            try await context.api.sendMessage(chatId: context.chatId, text: text, markup: review ? .inline([
                [InlineButton(Texts.leaveReview, .reviewStart(booking.bookingId))],
            ]) : nil)
            return
        }
        let details: ApartmentAccessDetails
        do {
            details = try await desk.reveal(RevealApartmentAccess(
                apartmentId: booking.apartmentId, requester: AccessRequester(role: .guest, userId: guestId),
                bookingId: booking.bookingId, purpose: .bookingDetails, channel: .telegram))
        } catch let error as RPCError {
            logger.warning("access details refused", metadata: ["booking.id": "\(booking.bookingId)",
                                                               "error": "\(error)"])
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.detailsRefused)
            return
        }
        let rows = booking.status == .paid ? [[InlineButton(Texts.cancelBooking, .cancelAsk(booking.bookingId))]] : []
        try await context.api.sendMessage(chatId: context.chatId, text: Texts.accessDetails(details, booking: booking),
                                          markup: rows.isEmpty ? nil : .inline(rows))
    }

    /// «Отменить»: the confirmation with the refund booking's tiers give.
    func askCancel(bookingId: UUID, guestId: Int64, context: ChatContext, now: Date) async throws {
        let lookup = try await desk.lookup(bookingId, guestId: guestId)
        guard let booking = lookup.booking else {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.bookingNotFound)
            return
        }
        guard booking.status == .held || booking.status == .paid else {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.notCancellable(booking.status))
            return
        }
        try await context.api.sendMessage(chatId: context.chatId, text: Texts.cancelQuestion(booking, tiers: lookup.refundTiers, now: now), markup: .inline([
            [InlineButton(Texts.cancelYes, .cancelConfirm(booking.bookingId))],
            [InlineButton(Texts.cancelNo, .currentBookings)],
        ]))
    }

    /// «Да, отменить»: cancels and replaces the question (pressed as `messageId`) with the result.
    func cancel(bookingId: UUID, guestId: Int64, messageId: Int, context: ChatContext) async throws {
        let outcome = try await desk.cancel(bookingId, guestId: guestId)
        logger.info("booking cancelled by the guest", metadata: ["booking.id": "\(bookingId)",
                                                                "result": "\(outcome.result.rawValue)"])
        switch outcome.result {
        case .cancelled:
            try await context.editText(messageId, text: Texts.cancelled(outcome), markup: nil)
        case .notFound:
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.bookingNotFound)
        case .notCancellable:
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.notCancellable(outcome.booking?.status))
        }
    }

    /// «Мои бронирования»: page `page` (1-based) of the history, as a new message or by editing `editing`.
    func showHistory(page requested: Int, guestId: Int64, context: ChatContext, editing: Int?) async throws {
        let size = Self.historyPageSize
        var page = min(max(1, requested), CallbackData.maximumPage)
        var result = try await desk.bookings(guestId: guestId, scope: .history, offset: (page - 1) * size, limit: size)
        let pages = max(1, (result.total + size - 1) / size)
        if result.bookings.isEmpty, result.total > 0, page > pages {
            page = pages
            result = try await desk.bookings(guestId: guestId, scope: .history, offset: (page - 1) * size, limit: size)
        }
        guard !result.bookings.isEmpty else {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.historyEmpty, markup: MenuHandler.keyboard)
            return
        }
        var entries: [String] = []
        var rows: [[InlineButton]] = []
        for booking in result.bookings {
            let card = try? await context.listings.card(apartmentId: booking.apartmentId, botId: context.api.botId)
            entries.append(Texts.historyEntry(booking, card: card))
            if booking.status == .completed, await mayReview(booking, guestId: guestId) {
                rows.append([InlineButton(Texts.leaveReview(number: booking.number), .reviewStart(booking.bookingId))])
            }
        }
        let row = ChatContext.pageNavigation(page: page, of: pages, previous: Texts.previousPage, next: Texts.nextPage,
                                             target: { .history(page: $0) })
        if !row.isEmpty { rows.append(row) }
        try await context.showPage(Texts.historyPage(entries, page: page, pages: pages), rows: rows, editing: editing)
    }

    /// Whether «⭐ Оставить отзыв» is offered for a completed booking: the catalog's eligibility (not reviewed yet,
    /// within the window). When the catalog cannot be asked, the button is left out rather than the page failing.
    private func mayReview(_ booking: BookingSummary, guestId: Int64) async -> Bool {
        do {
            return try await reviews.eligibility(bookingId: booking.bookingId, guestId: guestId).eligible
        } catch {
            logger.warning("review eligibility unavailable", metadata: ["booking.id": "\(booking.bookingId)",
                                                                       "error": "\(error)"])
            return false
        }
    }
}
