import Contracts
import Foundation
import Logging
import Messaging
import Presentation

/// The search wizard (city → district → class → rooms, dates at any time) and the result cards.
struct SearchHandler: Sendable {
    let logger: Logger

    // MARK: Entry points

    /// «Поиск квартир»: a new wizard message at the city step, dates today → tomorrow.
    func start(context: ChatContext) async throws -> ConversationState {
        var session = SearchSession(dates: .default(today: context.today))
        try await show(&session, context: context, newMessage: true)
        return .search(session)
    }

    /// A button of the wizard's current message. Returns the new state and the text for answerCallbackQuery.
    func handle(_ data: CallbackData, session current: SearchSession,
                context: ChatContext) async throws -> (ConversationState, String?)
    {
        var session = current
        switch (data, session.step) {
        case (.city(let id), .city):
            if session.cityId != id { session.district = nil }
            session.cityId = id
            session.step = .district
        case (.district(let id), .district):
            session.district = id.map { .value($0) } ?? .any
            session.step = .apartmentClass
        case (.apartmentClass(let value), .apartmentClass):
            session.apartmentClass = value.map { .value($0) } ?? .any
            session.step = .rooms
        case (.rooms(let rooms), .rooms):
            session.rooms = rooms.map { .value($0) } ?? .any
            return (try await showResults(&session, context: context), nil)
        case (.back, .city):
            return (try await MenuHandler().showMenu(context: context), nil)
        case (.back, .district): session.step = .city
        case (.back, .apartmentClass): session.step = .district
        case (.back, .rooms): session.step = .apartmentClass
        case (.back, .dates): session.step = session.stepBeforeDates ?? .city
            if session.step == .results { return (try await showResults(&session, context: context), nil) }
        case (.back, .results):
            session.step = .rooms
            try await show(&session, context: context, newMessage: true)
            return (.search(session), nil)
        case (.editDates, _):
            if session.step != .dates { session.stepBeforeDates = session.step }
            session.step = .dates
            try await show(&session, context: context, newMessage: session.stepBeforeDates == .results)
            return (.search(session), nil)
        case (.quickDates(let start, let nights), .dates):
            let checkIn = context.today.adding(days: start)
            session.dates = StayDates(checkIn: checkIn, checkOut: checkIn.adding(days: nights))
            return (try await leaveDates(&session, context: context), nil)
        case (.next, .results):
            session.position += 1
            if session.position >= session.results.count {
                session.position = session.results.count
                let message = try await context.api.sendMessage(
                    chatId: context.chatId, text: Texts.allShown,
                    markup: .inline([[InlineButton(Texts.changeFilters, .changeFilters)],
                                     [InlineButton(Texts.datesButton(session.dates), .editDates)]]))
                session.messageId = message.messageId
                return (.search(session), nil)
            }
            try await showCard(&session, context: context)
            return (.search(session), nil)
        case (.changeFilters, _):
            session.step = session.cityId == nil ? .city : .district
            try await show(&session, context: context, newMessage: true)
            return (.search(session), nil)
        case (.goTo(let step), _) where [.city, .district, .apartmentClass, .rooms].contains(step):
            session.step = session.cityId == nil ? .city : step
            try await show(&session, context: context, newMessage: true)
            return (.search(session), nil)
        default:
            return (.search(session), Texts.useButtons)
        }
        try await show(&session, context: context, newMessage: false)
        return (.search(session), nil)
    }

    /// Text typed while the wizard runs: dates at the dates step, otherwise a hint.
    func handle(text: String, session current: SearchSession, context: ChatContext) async throws -> ConversationState {
        var session = current
        guard session.step == .dates else {
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.useButtons)
            return .search(session)
        }
        switch StayDates.parse(text, today: context.today) {
        case .failure(let error):
            try await context.api.sendMessage(chatId: context.chatId, text: Texts.datesError(error))
            return .search(session)
        case .success(let dates):
            session.dates = dates
            // The dates message is above the typed text: continue in a new message below it.
            session.messageId = nil
            return try await leaveDates(&session, context: context)
        }
    }

    // MARK: Steps

    private func leaveDates(_ session: inout SearchSession, context: ChatContext) async throws -> ConversationState {
        session.step = session.stepBeforeDates ?? .city
        session.stepBeforeDates = nil
        if session.step == .results { return try await showResults(&session, context: context) }
        try await show(&session, context: context, newMessage: session.messageId == nil)
        return .search(session)
    }

    /// Shows the session's step: edits the wizard message in place, or sends a new one.
    private func show(_ session: inout SearchSession, context: ChatContext, newMessage: Bool) async throws {
        let (text, rows) = try await screen(for: session, context: context)
        if !newMessage, let messageId = session.messageId {
            try await context.editText(messageId, text: text, markup: .inline(rows))
        } else {
            let message = try await context.api.sendMessage(chatId: context.chatId, text: text, markup: .inline(rows))
            session.messageId = message.messageId
        }
    }

    private func screen(for session: SearchSession, context: ChatContext) async throws -> (String, [[InlineButton]]) {
        let dates = [InlineButton(Texts.datesButton(session.dates), .editDates)]
        let back = [InlineButton(Texts.back, .back)]
        switch session.step {
        case .city, .results:
            var rows: [[InlineButton]] = []
            for city in try await context.listings.cities() {
                let count = try await context.listings.freeApartments(cityId: city.id, dates: session.dates).count
                rows.append([InlineButton(Texts.option(city.name, count: count), .city(city.id))])
            }
            return (Texts.chooseCity, rows + [dates, back])
        case .district:
            let cityId = session.cityId ?? 0
            let free = try await context.listings.freeApartments(cityId: cityId, dates: session.dates)
            let cityName = try await context.listings.cities().first { $0.id == cityId }?.name ?? ""
            var rows = [[InlineButton(Texts.option(Texts.any, count: free.count), .district(nil))]]
            let districts = try await context.listings.districts(cityId: cityId)
            for pair in stride(from: 0, to: districts.count, by: 2) {
                rows.append(districts[pair..<min(pair + 2, districts.count)].map { district in
                    InlineButton(Texts.option(district.name, count: free.filter { $0.districtId == district.id }.count),
                                 .district(district.id))
                })
            }
            return (Texts.chooseDistrict(city: cityName), rows + [dates, back])
        case .apartmentClass:
            let free = try await filtered(session, context: context, byClass: false, byRooms: false)
            var rows = [[InlineButton(Texts.option(Texts.any, count: free.count), .apartmentClass(nil))]]
            for value in ApartmentClass.allCases {
                rows.append([InlineButton(Texts.option(Texts.className(value.rawValue),
                                                       count: free.filter { $0.apartmentClass == value }.count),
                                          .apartmentClass(value.rawValue))])
            }
            return (Texts.chooseClass, rows + [dates, back])
        case .rooms:
            let free = try await filtered(session, context: context, byClass: true, byRooms: false)
            let options = (1...4).map { rooms in
                InlineButton(Texts.option(Texts.roomsName(rooms),
                                          count: free.filter { Self.matches(rooms: rooms, $0.rooms) }.count),
                             .rooms(rooms))
            }
            return (Texts.chooseRooms, [[InlineButton(Texts.option(Texts.any, count: free.count), .rooms(nil))],
                                        Array(options[0..<2]), Array(options[2..<4]), dates, back])
        case .dates:
            return (Texts.chooseDates(session.dates), [
                [InlineButton(Texts.datesToday, .quickDates(startOffset: 0, nights: 1))],
                [InlineButton(Texts.datesTomorrow, .quickDates(startOffset: 1, nights: 1))],
                [InlineButton(Texts.datesWeekend, .quickDates(startOffset: 1, nights: 2))],
                back,
            ])
        }
    }

    /// Free apartments of the session's city matching the choices made so far.
    private func filtered(_ session: SearchSession, context: ChatContext, byClass: Bool,
                          byRooms: Bool) async throws -> [ApartmentSummary]
    {
        guard let cityId = session.cityId else { return [] }
        return try await context.listings.freeApartments(cityId: cityId, dates: session.dates).filter { apartment in
            if let district = session.district?.value, apartment.districtId != district { return false }
            if byClass, let value = session.apartmentClass?.value, apartment.apartmentClass.rawValue != value { return false }
            if byRooms, let rooms = session.rooms?.value, !Self.matches(rooms: rooms, apartment.rooms) { return false }
            return true
        }
    }

    /// The rooms option «4+» (4) takes every apartment with four rooms or more.
    static func matches(rooms option: Int, _ rooms: Int) -> Bool { option >= 4 ? rooms >= 4 : rooms == option }

    // MARK: Results

    func showResults(_ session: inout SearchSession, context: ChatContext) async throws -> ConversationState {
        session.step = .results
        let matches = try await filtered(session, context: context, byClass: true, byRooms: true)
        session.results = matches.map(\.id)
        session.position = 0
        if let messageId = session.messageId {
            // The wizard message keeps a summary and loses its buttons (they would be stale).
            try? await context.removeButtons(of: messageId)
        }
        guard !matches.isEmpty else {
            let message = try await context.api.sendMessage(chatId: context.chatId, text: Texts.noResults, markup: .inline([
                [InlineButton(Texts.otherDates, .editDates)],
                [InlineButton(Texts.otherDistrict, .goTo(.district)), InlineButton(Texts.otherClass, .goTo(.apartmentClass))],
            ]))
            session.messageId = message.messageId
            return .search(session)
        }
        try await showCard(&session, context: context)
        return .search(session)
    }

    /// The album of the current result's photos, then its card with buttons.
    func showCard(_ session: inout SearchSession, context: ChatContext) async throws {
        let apartmentId = session.results[session.position]
        let card = try await context.listings.card(apartmentId: apartmentId, botId: context.api.botId)
        let photos = card.photos.sorted { $0.position < $1.position }
        if !photos.isEmpty {
            try await sendPhotos(Array(photos.prefix(10)), context: context)
        }
        let text = Texts.card(card, dates: session.dates, position: session.position + 1, count: session.results.count)
        let message = try await context.api.sendMessage(chatId: context.chatId, text: text, markup: .inline([
            [InlineButton(Texts.book, .book), InlineButton(Texts.next, .next)],
            [InlineButton(Texts.reviewsButton(count: card.ratingCount), .reviews(apartmentId: apartmentId, page: 1))],
            [InlineButton(Texts.changeFilters, .changeFilters)],
            [InlineButton(Texts.datesButton(session.dates), .editDates)],
        ]))
        session.messageId = message.messageId
    }

    /// The photos as an album (one photo alone as a photo message): by their recorded file_ids, uploading those
    /// without one (then recording the returned file_id through the outbox). When Telegram no longer knows a
    /// recorded file_id, everything is uploaded again and the new file_ids are recorded.
    private func sendPhotos(_ photos: [ApartmentCardPhoto], context: ChatContext) async throws {
        do {
            try await sendPhotos(photos, context: context, reuseFileIds: true)
        } catch let error as TelegramError where error.isUnknownFileId {
            logger.warning("a recorded photo file_id was refused; uploading the photos again",
                           metadata: ["error": "\(error)"])
            try await sendPhotos(photos, context: context, reuseFileIds: false)
        }
    }

    private func sendPhotos(_ photos: [ApartmentCardPhoto], context: ChatContext, reuseFileIds: Bool) async throws {
        var sources: [PhotoSource] = []
        for photo in photos {
            if reuseFileIds, let fileId = photo.telegramFileId {
                sources.append(.fileId(fileId))
            } else {
                let data = try await context.listings.photo(photoId: photo.id)
                let ext = data.mimeType == "image/png" ? "png" : "jpg"
                sources.append(.upload(data.bytes, filename: "photo\(photo.position).\(ext)", mimeType: data.mimeType))
            }
        }
        let sent: [TelegramMessage]
        if sources.count == 1, let only = sources.first {
            sent = [try await context.api.sendPhoto(chatId: context.chatId, photo: only)]
        } else {
            sent = try await context.api.sendMediaGroup(chatId: context.chatId, photos: sources)
        }
        guard let botId = context.api.botId else { return }
        for (photo, message) in zip(photos, sent) where !reuseFileIds || photo.telegramFileId == nil {
            guard let fileId = message.photo?.last?.fileId, fileId != photo.telegramFileId else { continue }
            _ = try await context.outbox.send(RecordPhotoFileId(photoId: photo.id, botId: botId, fileId: fileId),
                                              in: context.transaction)
        }
    }
}
