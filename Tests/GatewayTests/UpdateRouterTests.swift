import Contracts
import Database
import Foundation
import HTTPClient
import Logging
import Messaging
import Presentation
import Testing
import TestSupport
@testable import Gateway

/// UpdateRouter's routing table, one row per way in: which feature takes an update in which conversation state,
/// seen as the state it returns, the bot's new message and the callback query's answer. The router runs against the
/// in-process Telegram sandbox with canned desks (no broker); the handlers themselves are tested elsewhere.
@Suite(.timeLimit(.minutes(5)))
struct UpdateRouterTests {
    /// An update to route.
    enum Incoming: Sendable {
        case text(String)
        /// A message without text (a sticker, a photo without caption…).
        case noText
        /// A press of a button with `data` on a bot message: the wizard's current one or another (stale) one.
        case press(CallbackData, onWizardMessage: Bool)
        /// A press whose message Telegram no longer sends.
        case pressWithoutMessage(CallbackData)
    }

    enum StateKind: String, Sendable {
        case idle, search, booking, kaspiPhone, review
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let name: String
        /// The state before; a search state's wizard message is the pressed message unless the row says otherwise.
        let state: StateKind
        let incoming: Incoming
        let next: StateKind
        /// The search step after the update, for rows that stay in or enter the wizard.
        var step: SearchSession.Step?
        /// The text of the bot's one new message; nil: no new message.
        let reply: String?
        /// For presses: the answer's text (nil: answered without text).
        var answer: String?

        var testDescription: String { name }
    }

    static let rows: [Row] = [
        Row(name: "/start from the menu greets", state: .idle, incoming: .text("/start"), next: .idle,
            reply: Texts.greeting),
        Row(name: "/menu leaves the wizard", state: .search, incoming: .text("/menu"), next: .idle,
            reply: Texts.menuShown),
        Row(name: "help keeps the wizard", state: .search, incoming: .text(Texts.menuHelp), next: .search,
            step: .city, reply: Texts.help),
        Row(name: "status from the wizard shows the current booking", state: .search,
            incoming: .text(Texts.menuStatus), next: .idle, reply: Texts.noActiveBooking),
        Row(name: "free text at the menu is not understood", state: .idle, incoming: .text("привет"), next: .idle,
            reply: Texts.unknownText),
        Row(name: "a message without text is not understood", state: .search, incoming: .noText, next: .search,
            step: .city, reply: Texts.unknownText),
        Row(name: "free text in the wizard asks for its buttons", state: .search, incoming: .text("Алматы"),
            next: .search, step: .city, reply: Texts.useButtons),
        Row(name: "a press without its message is stale", state: .search,
            incoming: .pressWithoutMessage(.city(1)), next: .search, step: .city, reply: nil,
            answer: Texts.staleButton),
        Row(name: "«menu» works on any message", state: .search, incoming: .press(.menu, onWizardMessage: false),
            next: .idle, reply: Texts.menuShown),
        Row(name: "«search» works on any message", state: .idle, incoming: .press(.searchStart, onWizardMessage: false),
            next: .search, step: .city, reply: Texts.chooseCity),
        Row(name: "a wizard button of an old message is stale", state: .search,
            incoming: .press(.city(1), onWizardMessage: false), next: .idle,
            reply: "\(Texts.staleButton)\n\n\(Texts.menuShown)", answer: Texts.staleButton),
        Row(name: "a wizard button at the menu is stale", state: .idle, incoming: .press(.city(1), onWizardMessage: false),
            next: .idle, reply: "\(Texts.staleButton)\n\n\(Texts.menuShown)", answer: Texts.staleButton),
        Row(name: "the wizard's own button moves the wizard", state: .search,
            incoming: .press(.city(1), onWizardMessage: true), next: .search, step: .district, reply: nil),
        Row(name: "a booking button works from any state and keeps it", state: .search,
            incoming: .press(.currentBookings, onWizardMessage: false), next: .search, step: .city,
            reply: Texts.noActiveBooking),
        Row(name: "a review step button outside a review is stale", state: .idle,
            incoming: .press(.reviewRating(5), onWizardMessage: false), next: .idle, reply: nil,
            answer: Texts.reviewButtonStale),
    ]

    @Test(arguments: rows)
    func routes(_ row: Row) async throws {
        try await withRouter { router, sandbox, pool in
            let chat: Int64 = 7100
            try await sandbox.startChat(chat)
            let guest = TelegramUser(id: chat, isBot: false, firstName: "Гость")
            // The wizard's message: the pressed one when the row says so, otherwise one that is not pressed.
            var wizardMessageId = 999_999
            var queryId: String?
            let update: TelegramUpdate
            switch row.incoming {
            case .text(let text):
                update = TelegramUpdate(updateId: 1, message: Self.message(chat: chat, text: text))
            case .noText:
                update = TelegramUpdate(updateId: 1, message: Self.message(chat: chat, text: nil))
            case .press(let data, let onWizardMessage):
                let (id, message) = try await sandbox.press(data, chat: chat, api: router.api)
                queryId = id
                if onWizardMessage { wizardMessageId = message.messageId }
                update = TelegramUpdate(updateId: 1, callbackQuery: TelegramCallbackQuery(
                    id: id, from: guest, message: message, data: data.packed))
            case .pressWithoutMessage(let data):
                let (id, _) = try await sandbox.press(data, chat: chat, api: router.api)
                queryId = id
                update = TelegramUpdate(updateId: 1, callbackQuery: TelegramCallbackQuery(
                    id: id, from: guest, message: nil, data: data.packed))
            }
            var state = ConversationState.idle
            if row.state == .search {
                var session = SearchSession(dates: .default(today: LocalDate.today(now: Date())))
                session.messageId = wizardMessageId
                state = .search(session)
            }
            let before = Set(try await sandbox.botMessages(chat).map(\.id))

            let next = try await pool.withTransaction { transaction in
                try await router.route(update, state: state, transaction: transaction)
            }

            #expect(Self.kind(of: next) == row.next)
            if let step = row.step, case .search(let session) = next { #expect(session.step == step) }
            let sent = try await sandbox.botMessages(chat).filter { !before.contains($0.id) }
            #expect(sent.map(\.text) == (row.reply.map { [$0] } ?? []))
            if let queryId {
                let query = try await sandbox.callbackQuery(queryId)
                #expect(query["answered"] as? Bool == true, "every callback query is answered")
                #expect((query["answer"] as? [String: Any])?["text"] as? String == row.answer)
            }
        }
    }

    // MARK: Support

    static func message(chat: Int64, text: String?) -> TelegramMessage {
        TelegramMessage(messageId: 1, date: Int(Date().timeIntervalSince1970),
                        chat: TelegramChat(id: chat, type: "private"),
                        from: TelegramUser(id: chat, isBot: false, firstName: "Гость"), text: text)
    }

    static func kind(of state: ConversationState) -> StateKind {
        switch state {
        case .idle: .idle
        case .search: .search
        case .booking: .booking
        case .kaspiPhone: .kaspiPhone
        case .review: .review
        }
    }

    /// A router over a fresh in-process sandbox, canned desks and a schema with the outbox.
    func withRouter(_ body: (UpdateRouter, RouterSandbox, DatabasePool) async throws -> Void) async throws {
        var logger = Logger(label: "gateway-tests.router")
        logger.logLevel = .critical
        try await withTestDatabase { database in
            let pool = try await database.makeServicePool(schema: "gateway")
            _ = try await Migrator(pool: pool, schema: "gateway", logger: logger)
                .migrate(MessagingMigrations.all, component: "messaging")
            try await withTelegramSandbox { baseURL, client in
                let api = TelegramBotAPI(baseURL: baseURL, token: "123456:sandbox-token", http: client, logger: logger)
                let router = UpdateRouter(api: api, listings: CannedListings(), bookings: CannedBookingDesk(),
                                          reviews: CannedReviewDesk(),
                                          outbox: Outbox(producer: .gateway, signal: OutboxSignal()), logger: logger)
                try await body(router, RouterSandbox(baseURL: baseURL, client: client), pool)
            }
        }
    }
}

/// The sandbox's control API as these tests need it.
struct RouterSandbox: Sendable {
    let baseURL: String
    let client: HTTPClient

    struct SentMessage {
        let id: Int
        let text: String?
    }

    func control(_ method: HTTPMethod, _ path: String, _ body: [String: Any]? = nil) async throws -> Any {
        let data = try body.map { try JSONSerialization.data(withJSONObject: $0) }
        let response = try await client.send(HTTPRequest(
            method: method, url: baseURL + "/sandbox/" + path,
            body: data.map { .data($0, contentType: "application/json") } ?? .none))
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        guard object?["ok"] as? Bool == true, let result = object?["result"] else {
            throw TimedOut(what: "sandbox \(path) answers ok", diagnostics: response.text)
        }
        return result
    }

    /// The user writes /start, so the bot may write to them.
    func startChat(_ chat: Int64) async throws {
        _ = try await control(.post, "messages", ["user": ["id": chat, "first_name": "Гость"], "text": "/start"])
    }

    /// The bot sends a message with one button carrying `data`, and the user presses it: the query's id and the
    /// message as Telegram attaches it to the query.
    func press(_ data: CallbackData, chat: Int64, api: TelegramBotAPI) async throws -> (String, TelegramMessage) {
        let message = try await api.sendMessage(chatId: chat, text: "Кнопка",
                                                markup: .inline([[InlineButton("Нажать", data)]]))
        let press = try await control(.post, "callbacks", ["user_id": chat, "message_id": message.messageId,
                                                           "callback_data": data.packed]) as? [String: Any]
        return (try #require(press?["callback_query_id"] as? String), message)
    }

    func botMessages(_ chat: Int64) async throws -> [SentMessage] {
        let all = try await control(.get, "chats/\(chat)/messages?from=bot") as? [[String: Any]] ?? []
        return all.map { SentMessage(id: $0["message_id"] as? Int ?? 0, text: $0["text"] as? String) }
    }

    func callbackQuery(_ id: String) async throws -> [String: Any] {
        try await control(.get, "callbacks/\(id)") as? [String: Any] ?? [:]
    }
}

struct NotCanned: Error {
    let what: String
}

/// One city with one district and no free apartment.
struct CannedListings: Listings {
    func cities() -> [CatalogCity] { [CatalogCity(id: 1, slug: "almaty", name: "Алматы")] }

    func districts(cityId: Int) -> [CatalogDistrict] {
        [CatalogDistrict(id: 10, cityId: cityId, slug: "bostandyk", name: "Бостандыкский")]
    }

    func freeApartments(cityId: Int, dates: StayDates) -> [ApartmentSummary] { [] }
    func card(apartmentId: UUID, botId: Int64?) throws -> ApartmentCard { throw NotCanned(what: "card") }
    func photo(photoId: UUID) throws -> ApartmentPhotoData { throw NotCanned(what: "photo") }
}

/// A guest without bookings.
struct CannedBookingDesk: BookingDesk {
    func placeHold(_ request: PlaceHold) throws -> HoldOutcome { throw NotCanned(what: "placeHold") }
    func booking(_ bookingId: UUID, guestId: Int64) -> BookingSummary? { nil }
    func lookup(_ bookingId: UUID, guestId: Int64) throws -> BookingLookup { throw NotCanned(what: "lookup") }

    func bookings(guestId: Int64, scope: ListGuestBookings.Scope, offset: Int, limit: Int) -> GuestBookingsPage {
        GuestBookingsPage(bookings: [], total: 0)
    }

    func cancel(_ bookingId: UUID, guestId: Int64) throws -> CancelOutcome { throw NotCanned(what: "cancel") }
    func invoice(_ request: CreateKaspiInvoice) throws -> KaspiPaymentRequestOutcome { throw NotCanned(what: "invoice") }

    func paymentLink(_ request: CreateKaspiPaymentLink) throws -> KaspiPaymentRequestOutcome {
        throw NotCanned(what: "paymentLink")
    }

    func reveal(_ request: RevealApartmentAccess) throws -> ApartmentAccessDetails { throw NotCanned(what: "reveal") }
}

struct CannedReviewDesk: ReviewDesk {
    func eligibility(bookingId: UUID, guestId: Int64) throws -> ReviewEligibility {
        throw NotCanned(what: "eligibility")
    }

    func submit(_ request: SubmitReview) throws -> ReviewSubmission { throw NotCanned(what: "submit") }

    func reviews(apartmentId: UUID, page: Int, pageSize: Int) throws -> ReviewPage {
        throw NotCanned(what: "reviews")
    }
}
