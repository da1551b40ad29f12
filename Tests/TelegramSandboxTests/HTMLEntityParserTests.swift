import Testing
@testable import TelegramSandbox

@Suite struct HTMLEntityParserTests {
    @Test func parsesBold() throws {
        let parsed = try HTMLEntityParser.parse("<b>hi</b>")
        #expect(parsed.text == "hi")
    }
}
