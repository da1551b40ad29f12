import Testing

@testable import ServiceRuntime

@Suite struct JSONLogHandlerTests {
    @Test func escapesQuotesControlCharactersAndKeepsCyrillic() {
        var output = ""
        JSONLogHandler.appendJSONString("Привет \"мир\"\n\t\u{01}\\", to: &output)
        #expect(output == "\"Привет \\\"мир\\\"\\n\\t\\u0001\\\\\"")
    }
}
