import Database
import Foundation
import Gateway
import Testing
import TestSupport

/// The search wizard, result albums and cards end to end: the demo catalog loaded by `zhilyego-ops`, the real
/// catalog, booking and gateway executables, users played through the in-process sandbox.
@Suite struct GatewaySearchEndToEndTests {
    static let almatyDistricts = ["Алатауский", "Алмалинский", "Ауэзовский", "Бостандыкский", "Жетысуский",
                                  "Медеуский", "Наурызбайский", "Турксибский"]

    @Test func wizardOffersCitiesAndDatabaseDistrictsWithCountsAndGoesBack() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 2001)
            try await chat.say("Поиск квартир")
            let wizard = try await chat.next()
            #expect(wizard.text == Texts.chooseCity)
            for city in ["Астана", "Алматы", "Шымкент"] {
                #expect(wizard.buttonTexts.contains { $0.hasPrefix(city + " · ") }, "\(wizard.buttonTexts)")
            }
            let almatyCount = try #require(count(in: wizard, "Алматы"))
            #expect(almatyCount > 0)

            // Garbage while a button is expected: a hint, and the wizard keeps its step.
            try await chat.say("какой-то текст")
            let hint = try await chat.next()
            #expect(hint.text == Texts.useButtons)

            var districts = try await chat.pressInPlace("Алматы", on: wizard)
            #expect(districts.text == Texts.chooseDistrict(city: "Алматы"))
            try checkAlmatyDistricts(districts, total: almatyCount)

            let back = try await chat.pressInPlace(Texts.back, on: districts)
            #expect(back.text == Texts.chooseCity)

            districts = try await chat.pressInPlace("Алматы", on: back)
            try checkAlmatyDistricts(districts, total: almatyCount)
            let bostandyk = try #require(count(in: districts, "Бостандыкский"))
            let classes = try await chat.pressInPlace("Бостандыкский", on: districts)
            #expect(classes.text == Texts.chooseClass)
            #expect(count(in: classes, Texts.any) == bostandyk)
            #expect(["Комфорт", "Бизнес", "Премиум"].compactMap { count(in: classes, $0) }.reduce(0, +) == bostandyk)
            let rooms = try await chat.pressInPlace(Texts.any, on: classes)
            #expect(rooms.text == Texts.chooseRooms)
            #expect(count(in: rooms, Texts.any) == bostandyk)
            #expect(["1", "2", "3", "4+"].compactMap { count(in: rooms, $0) }.reduce(0, +) == bostandyk)
            try await chat.press(Texts.any, on: rooms)
            // The wizard message was edited in place above the hint: the results follow the hint.
            let (album, card) = try await chat.albumAndCard(after: hint.id)
            #expect(album.count == 6)
            #expect(card.text?.contains("Бостандыкский") == true)
            #expect(card.text?.contains("1 из \(bostandyk)") == true, "\(card.text ?? "")")

            // The wizard message lost its buttons; pressing one of them anyway is answered as stale.
            let finished = try await chat.message(rooms.id)
            #expect(finished.buttons.isEmpty, "\(finished.buttonTexts)")
            #expect(try await chat.press(Texts.any, on: rooms, forge: true) == Texts.staleButton)
        }
    }

    @Test func chosenClassAndRoomsGiveExactlyTheCountedApartments() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 2003)
            try await chat.say("Поиск квартир")
            let wizard = try await chat.next()
            let districts = try await chat.pressInPlace("Алматы", on: wizard)
            let classes = try await chat.pressInPlace(Texts.any, on: districts)
            let business = try #require(count(in: classes, "Бизнес"))
            #expect(business > 0)
            let rooms = try await chat.pressInPlace("Бизнес", on: classes)
            #expect(count(in: rooms, Texts.any) == business)
            let label = try #require(["1", "2", "3", "4+"].first { (count(in: rooms, $0) ?? 0) > 0 })
            let total = try #require(count(in: rooms, label))
            try await chat.press(label, on: rooms)
            var (_, card) = try await chat.albumAndCard(after: rooms.id)
            for position in 1...total {
                let text = card.text ?? ""
                #expect(text.contains("Класс: Бизнес · Комнат: \(label)"), "\(text)")
                #expect(text.contains("Алматы, "), "\(text)")
                #expect(text.contains("\(position) из \(total)"), "\(text)")
                try await chat.press(Texts.next, on: card)
                if position < total { card = try await chat.albumAndCard(after: card.id).card }
            }
            #expect(try await chat.next(after: card.id).text == Texts.allShown)
        }
    }

    @Test func resultsComeAsAlbumAndCardWalkToTheEndAndReuseFileIds() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 2002)
            try await chat.say("Поиск квартир")
            let wizard = try await chat.next()
            let (firstAlbum, firstCard, total) = try await search(chat, from: wizard, city: "Алматы",
                                                                  district: "Бостандыкский")
            #expect(total >= 2)
            #expect(firstAlbum.count == 6)
            #expect(Set(firstAlbum.compactMap(\.mediaGroupId)).count == 1)
            #expect(firstAlbum.allSatisfy { $0.mediaGroupId != nil })
            let labels = firstCard.buttonTexts
            #expect(labels.contains(Texts.book) && labels.contains(Texts.next) && labels.contains(Texts.changeFilters),
                    "\(labels)")
            #expect(firstCard.text?.contains("1 из \(total)") == true, "\(firstCard.text ?? "")")

            var card = firstCard
            var seenFirstPhotos: Set<String> = [firstAlbum.first?.photoFileId ?? ""]
            for position in 2...total {
                try await chat.press(Texts.next, on: card)
                let (album, nextCard) = try await chat.albumAndCard(after: card.id)
                #expect(album.count == 6)
                #expect(nextCard.text?.contains("\(position) из \(total)") == true, "\(nextCard.text ?? "")")
                seenFirstPhotos.insert(album.first?.photoFileId ?? "")
                card = nextCard
            }
            #expect(seenFirstPhotos.count == total, "every result shows its own photos")
            try await chat.press(Texts.next, on: card)
            let end = try await chat.next(after: card.id)
            #expect(end.text == Texts.allShown)
            #expect(end.buttonTexts.contains(Texts.changeFilters))

            // The catalog recorded the file ids the sandbox returned (through the gateway's outbox)…
            let expected = total * 6
            try await waitUntil("catalog records \(expected) photo file ids", deadline: .seconds(60)) {
                let rows = try await bot.platform.database.adminPool.query(
                    "SELECT count(*)::int AS n FROM catalog.photo_telegram_files")
                return (try rows.first?.decode("n", as: Int.self) ?? 0) >= expected
            }
            // …and the same apartment found again is sent by those file ids instead of uploads.
            try await chat.press(Texts.changeFilters, on: end)
            let wizardAgain = try await chat.next(after: end.id)
            #expect(wizardAgain.text == Texts.chooseDistrict(city: "Алматы"))
            let classes = try await chat.pressInPlace("Бостандыкский", on: wizardAgain)
            let rooms = try await chat.pressInPlace(Texts.any, on: classes)
            try await chat.press(Texts.any, on: rooms)
            let (againAlbum, againCard) = try await chat.albumAndCard(after: rooms.id)
            #expect(againCard.text?.contains("1 из \(total)") == true)
            // The sandbox gives every upload a new file_id: equal ids mean the photos were sent by file_id.
            #expect(againAlbum.map(\.photoFileId) == firstAlbum.map(\.photoFileId))
        }
    }

    @Test func datesChangedFromTheResultsSearchAgainForTheNewDates() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 2004)
            try await chat.say("Поиск квартир")
            let wizard = try await chat.next()
            let (_, card, total) = try await search(chat, from: wizard, city: "Астана", district: "Есиль")
            let today = LocalDate.today()
            let defaultDates = StayDates(checkIn: today, checkOut: today.adding(days: 1))
            #expect(card.buttonTexts.contains(Texts.datesButton(defaultDates)), "\(card.buttonTexts)")

            // A quick choice from the card: the dates step in a new message, then the results again.
            try await chat.press(Texts.datesButton(defaultDates), on: card)
            let datesStep = try await chat.next(after: card.id)
            #expect(datesStep.text == Texts.chooseDates(defaultDates))
            try await chat.press(Texts.datesTomorrow, on: datesStep)
            let tomorrow = StayDates(checkIn: today.adding(days: 1), checkOut: today.adding(days: 2))
            let (album, again) = try await chat.albumAndCard(after: datesStep.id)
            #expect(album.count == 6)
            #expect(again.text?.contains("1 из \(total)") == true, "\(again.text ?? "")")
            #expect(again.buttonTexts.contains(Texts.datesButton(tomorrow)), "\(again.buttonTexts)")

            // Typed dates: garbage is refused with a hint, a valid range searches again.
            try await chat.press(Texts.datesButton(tomorrow), on: again)
            let typedStep = try await chat.next(after: again.id)
            #expect(typedStep.text == Texts.chooseDates(tomorrow))
            try await chat.say("когда-нибудь")
            #expect(try await chat.next().text == Texts.datesError(.unreadable))
            let wanted = StayDates(checkIn: today.adding(days: 3), checkOut: today.adding(days: 5))
            let typed = try await chat.say("\(wanted.checkIn.shortText)–\(wanted.checkOut.shortText)")
            let (_, typedCard) = try await chat.albumAndCard(after: typed)
            #expect(typedCard.text?.contains("1 из \(total)") == true, "\(typedCard.text ?? "")")
            #expect(typedCard.text?.contains(Texts.nights(2)) == true, "\(typedCard.text ?? "")")
            #expect(typedCard.buttonTexts.contains(Texts.datesButton(wanted)), "\(typedCard.buttonTexts)")
        }
    }

    @Test func noMatchesOfferOtherDistrictClassAndDates() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 2005)
            try await chat.say("Поиск квартир")
            let wizard = try await chat.next()
            let districts = try await chat.pressInPlace("Шымкент", on: wizard)
            let classes = try await chat.pressInPlace("Абайский", on: districts)
            let empty = try #require(["Комфорт", "Бизнес", "Премиум"].first { count(in: classes, $0) == 0 },
                                     "a class without apartments in the district: \(classes.buttonTexts)")
            let rooms = try await chat.pressInPlace(empty, on: classes)
            #expect(count(in: rooms, Texts.any) == 0)
            try await chat.press(Texts.any, on: rooms)
            let none = try await chat.next(after: rooms.id)
            #expect(none.text == Texts.noResults)
            #expect(none.buttonTexts.contains(Texts.otherDistrict) && none.buttonTexts.contains(Texts.otherClass)
                    && none.buttonTexts.contains(Texts.otherDates), "\(none.buttonTexts)")
            try await chat.press(Texts.otherClass, on: none)
            let classesAgain = try await chat.next(after: none.id)
            #expect(classesAgain.text == Texts.chooseClass)
            let back = try await chat.pressInPlace(Texts.back, on: classesAgain)
            #expect(back.text == Texts.chooseDistrict(city: "Шымкент"))
        }
    }

    @Test func refusedRecordedFileIdsAreReplacedByUploads() async throws {
        try await withBot(demoCatalog: true) { bot in
            let chat = ChatDriver(bot: bot, userId: 2006)
            try await chat.say("Поиск квартир")
            let (firstAlbum, _, _) = try await search(chat, from: try await chat.next(), city: "Шымкент",
                                                      district: "Абайский")
            #expect(firstAlbum.count == 6)
            try await waitUntil("catalog records 6 photo file ids", deadline: .seconds(60)) {
                try await fileIdCount(bot, "file_id NOT LIKE 'gone-%'") >= 6
            }
            // Telegram forgot them (another bot token, a data reset): the gateway must not fail the search.
            _ = try await bot.platform.database.adminPool.execute(
                "UPDATE catalog.photo_telegram_files SET file_id = 'gone-' || file_id")
            try await chat.say("Поиск квартир")
            let (album, card, _) = try await search(chat, from: try await chat.next(), city: "Шымкент",
                                                    district: "Абайский")
            #expect(album.count == 6)
            #expect(card.text?.contains("Шымкент, Абайский") == true, "\(card.text ?? "")")
            #expect(album.allSatisfy { $0.photoFileId?.hasPrefix("gone-") == false })
            try await waitUntil("catalog records the new file ids", deadline: .seconds(60)) {
                try await fileIdCount(bot, "file_id LIKE 'gone-%'") == 0
            }
        }
    }

    @Test func chatsSearchingAtTheSameTimeGetTheirOwnAnswers() async throws {
        try await withBot(demoCatalog: true) { bot in
            let searches: [(user: Int, city: String, district: String)] = [
                (2101, "Алматы", "Бостандыкский"), (2102, "Астана", "Есиль"), (2103, "Шымкент", "Абайский"),
                (2104, "Алматы", "Медеуский"),
            ]
            try await withThrowingTaskGroup(of: Void.self) { group in
                for item in searches {
                    group.addTask {
                        let chat = ChatDriver(bot: bot, userId: item.user)
                        try await chat.say("Поиск квартир")
                        let wizard = try await chat.next()
                        let (album, card, total) = try await search(chat, from: wizard, city: item.city,
                                                                    district: item.district)
                        #expect(album.count == 6)
                        #expect(card.text?.contains("\(item.city), \(item.district)") == true,
                                "chat \(item.user): \(card.text ?? "")")
                        #expect(card.text?.contains("1 из \(total)") == true)
                    }
                }
                try await group.waitForAll()
            }
        }
    }
}

/// The count of the option `label` («label · N») of `message`.
private func count(in message: SandboxMessage, _ label: String) -> Int? {
    message.buttonTexts.first { $0.hasPrefix(label + " · ") }.flatMap { Int($0.dropFirst(label.count + 3)) }
}

private func checkAlmatyDistricts(_ message: SandboxMessage, total: Int) throws {
    let names = message.buttonTexts.compactMap { text -> String? in
        guard let range = text.range(of: " · ") else { return nil }
        return String(text[..<range.lowerBound])
    }
    #expect(names == [Texts.any] + GatewaySearchEndToEndTests.almatyDistricts, "\(message.buttonTexts)")
    #expect(count(in: message, Texts.any) == total)
    let sum = GatewaySearchEndToEndTests.almatyDistricts.compactMap { count(in: message, $0) }.reduce(0, +)
    #expect(sum == total)
    #expect(message.buttonTexts.contains(Texts.back))
}

/// From the city step: city, district, any class, any rooms; returns the first result's album, card and the
/// number of results (the district's count on its button).
private func search(_ chat: ChatDriver, from wizard: SandboxMessage, city: String,
                    district: String) async throws -> ([SandboxMessage], SandboxMessage, Int)
{
    let districts = try await chat.pressInPlace(city, on: wizard)
    let total = try #require(count(in: districts, district))
    let classes = try await chat.pressInPlace(district, on: districts)
    let rooms = try await chat.pressInPlace(Texts.any, on: classes)
    try await chat.press(Texts.any, on: rooms)
    let (album, card) = try await chat.albumAndCard(after: rooms.id)
    return (album, card, total)
}

private func fileIdCount(_ bot: Bot, _ condition: String) async throws -> Int {
    let rows = try await bot.platform.database.adminPool.query(
        SQL(unsafeRaw: "SELECT count(*)::int AS n FROM catalog.photo_telegram_files WHERE \(condition)"))
    return try rows.first?.decode("n", as: Int.self) ?? 0
}
