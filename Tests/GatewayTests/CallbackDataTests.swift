import Testing
@testable import Gateway

@Suite struct CallbackDataTests {
    static let all: [CallbackData] = [
        .menu, .city(1), .district(201), .district(nil), .apartmentClass("comfort"), .apartmentClass(nil),
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
