@testable import Gateway
import Presentation
import Testing

@Suite struct CallbackDataTests {
    static let all: [CallbackData] = [
        .menu, .searchStart, .city(1), .district(201), .district(nil), .apartmentClass("comfort"), .apartmentClass(nil),
        .rooms(4), .rooms(nil), .back, .editDates, .quickDates(startOffset: 1, nights: 2), .next, .book,
        .changeFilters, .goTo(.apartmentClass),
    ]

    @Test(arguments: all)
    func packsWithinSixtyFourBytesAndRoundTrips(data: CallbackData) {
        #expect(data.packed.utf8.count <= CallbackData.maximumBytes)
        #expect(CallbackData(packed: data.packed) == data)
    }

    @Test(arguments: ["", "x", "s:c:abc", "s:r:7", "s:k:luxury", "m:other", "r:unknown", "s:q:1:99",
                      String(repeating: "s", count: 65)])
    func refusesForeignOrMalformedData(text: String) {
        #expect(CallbackData(packed: text) == nil)
    }
}

/// Commands as Telegram clients send them.
@Suite struct MenuCommandTests {
    @Test func readsCommandsWithDeepLinkPayloadsAndBotNames() {
        #expect(MenuHandler.command(in: "/start") == "/start")
        #expect(MenuHandler.command(in: "/start ref123") == "/start")
        #expect(MenuHandler.command(in: "/start@zhilyego_bot") == "/start")
        #expect(MenuHandler.command(in: "/Help@zhilyego_bot extra") == "/help")
        #expect(MenuHandler.command(in: "/cancel") == "/cancel")
        #expect(MenuHandler.command(in: "/") == nil)
        #expect(MenuHandler.command(in: "/@bot") == nil)
        #expect(MenuHandler.command(in: "25.12–27.12") == nil)
        #expect(MenuHandler.command(in: "Поиск квартир") == nil)
    }
}
