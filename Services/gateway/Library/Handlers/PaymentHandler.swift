import Contracts
import Foundation
import Logging
import Messaging
import Presentation

/// Paying a held booking with Kaspi: the payment message (pay by account = the booking number), an invoice to
/// the guest's own phone (shared with Telegram's contact button) and a payment link.
struct PaymentHandler: Sendable {
    let desk: any BookingDesk
    let logger: Logger

    /// The payment message of a fresh hold: amount, Kaspi account, time left, the payment buttons.
    @discardableResult
    func sendPaymentMessage(_ booking: BookingSummary, card: ApartmentCard?, context: ChatContext,
                            now: Date) async throws -> TelegramMessage
    {
        try await context.api.sendMessage(chatId: context.chatId,
                                          text: Texts.paymentMessage(booking, card: card, now: now),
                                          markup: .inline(Self.buttons(for: booking.bookingId)))
    }

    static func buttons(for bookingId: UUID) -> [[InlineButton]] {
        [[InlineButton(Texts.payByPhone, .payInvoice(bookingId))],
         [InlineButton(Texts.paymentLinkButton, .payLink(bookingId))],
         [InlineButton(Texts.cancelHold, .cancelAsk(bookingId))]]
    }

    /// «Счёт Kaspi на телефон»: asks for the guest's contact when the booking is theirs and still payable.
    func askPhone(bookingId: UUID, guestId: Int64, state: ConversationState,
                  context: ChatContext) async throws -> ConversationState
    {
        guard let booking = try await payableBooking(bookingId, guestId: guestId, context: context) else { return state }
        try await context.api.sendMessage(chatId: context.chatId, text: Texts.askPhone,
                                          markup: .requestContact(button: Texts.sharePhoneButton, cancel: Texts.cancel))
        return .kaspiPhone(PhoneRequest(bookingId: booking.bookingId))
    }

    /// A message while waiting for the phone: the guest's own contact creates the invoice; «Отмена» gives up.
    func handle(_ message: TelegramMessage, request: PhoneRequest, guestId: Int64,
                context: ChatContext) async throws -> ConversationState
    {
        let askAgain = ReplyMarkup.requestContact(button: Texts.sharePhoneButton, cancel: Texts.cancel)
        guard let contact = message.contact else {
            if message.text?.trimmingCharacters(in: .whitespaces) == Texts.cancel {
                try await context.api.sendMessage(chatId: context.chatId, text: Texts.phoneCancelled,
                                                  markup: MenuHandler.keyboard)
                return .idle
            }
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.phoneHint, markup: askAgain)
            return .kaspiPhone(request)
        }
        guard contact.userId == guestId else {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.notOwnContact, markup: askAgain)
            return .kaspiPhone(request)
        }
        guard let booking = try await payableBooking(request.bookingId, guestId: guestId, context: context,
                                                     markup: MenuHandler.keyboard) else { return .idle }
        let phone = contact.phoneNumber.filter { $0.isNumber || $0 == "+" }
        let text: String
        do {
            let outcome = try await desk.invoice(CreateKaspiInvoice(bookingId: booking.bookingId, account: booking.number,
                                                                    phone: phone))
            logger.info("Kaspi invoice requested", metadata: ["booking.id": "\(booking.bookingId)",
                                                             "result": "\(outcome.result.rawValue)"])
            text = switch outcome.result {
            // The number Kaspi's invoice went to (payments answers a live invoice again rather than making one
            // for another number), as payments normalised it.
            case .created: Texts.invoiceSent(amountTiyn: outcome.amountTiyn ?? booking.totalTiyn,
                                             phone: "+" + (outcome.phone ?? phone).filter(\.isNumber))
            case .invalidPhone: Texts.invalidPhone
            case .notPayable: Texts.notPayable
            case .kaspiError: Texts.kaspiError(account: booking.number)
            }
        } catch let error as RPCError {
            logger.warning("Kaspi invoice request failed", metadata: ["error": "\(error)"])
            text = Texts.kaspiError(account: booking.number)
        }
        try await context.api.sendMessage(chatId: context.chatId, text: text, markup: MenuHandler.keyboard)
        return .idle
    }

    /// «Ссылка на оплату».
    func sendLink(bookingId: UUID, guestId: Int64, context: ChatContext) async throws {
        guard let booking = try await payableBooking(bookingId, guestId: guestId, context: context) else { return }
        let text: String
        do {
            let outcome = try await desk.paymentLink(CreateKaspiPaymentLink(bookingId: booking.bookingId,
                                                                            account: booking.number))
            logger.info("Kaspi payment link requested", metadata: ["booking.id": "\(booking.bookingId)",
                                                                  "result": "\(outcome.result.rawValue)"])
            switch (outcome.result, outcome.url) {
            case (.created, let url?): text = Texts.paymentLink(url: url, amountTiyn: outcome.amountTiyn ?? booking.totalTiyn)
            case (.notPayable, _): text = Texts.notPayable
            default: text = Texts.kaspiError(account: booking.number)
            }
        } catch let error as RPCError {
            logger.warning("Kaspi payment link request failed", metadata: ["error": "\(error)"])
            text = Texts.kaspiError(account: booking.number)
        }
        try await context.api.sendMessage(chatId: context.chatId, text: text)
    }

    /// The guest's booking when it is still held; otherwise says why not and answers nil.
    private func payableBooking(_ bookingId: UUID, guestId: Int64, context: ChatContext,
                                markup: ReplyMarkup? = nil) async throws -> BookingSummary?
    {
        guard let booking = try await desk.booking(bookingId, guestId: guestId) else {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.bookingNotFound, markup: markup)
            return nil
        }
        guard booking.status == .held else {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.notPayable, markup: markup)
            return nil
        }
        return booking
    }
}
