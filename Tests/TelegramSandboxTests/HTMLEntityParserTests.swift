import Testing
@testable import TelegramSandbox

@Suite struct HTMLEntityParserTests {
    private func parse(_ html: String) throws -> FormattedText {
        try HTMLEntityParser.parse(html)
    }

    private func failure(_ html: String) -> String? {
        do {
            _ = try HTMLEntityParser.parse(html)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func turnsTagsIntoEntitiesWithUTF16Offsets() throws {
        let parsed = try parse("🏠 <b>Квартира</b> <i>у <u>моря</u></i>")
        #expect(parsed.text == "🏠 Квартира у моря")
        // The emoji is two UTF-16 code units, so "Квартира" starts at 3.
        #expect(parsed.entities == [
            .init(type: "bold", offset: 3, length: 8),
            .init(type: "italic", offset: 12, length: 6),
            .init(type: "underline", offset: 14, length: 4),
        ])
    }

    @Test func acceptsEveryTagTelegramAllows() throws {
        let html = "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s><strike>k</strike>"
            + "<del>d</del><code>c</code><pre>p</pre><tg-spoiler>t</tg-spoiler><span class=\"tg-spoiler\">x</span>"
            + "<a href=\"https://example.kz/a?b=1&amp;c=2\">l</a><blockquote>q</blockquote>"
            + "<blockquote expandable>w</blockquote>"
        let parsed = try parse(html)
        #expect(parsed.text == "bsieunskdcptxlqw")
        #expect(parsed.entities.map(\.type) == [
            "bold", "bold", "italic", "italic", "underline", "underline", "strikethrough", "strikethrough",
            "strikethrough", "code", "pre", "spoiler", "spoiler", "text_link", "blockquote", "expandable_blockquote",
        ])
        #expect(parsed.entities[13].url == "https://example.kz/a?b=1&c=2")
    }

    @Test func decodesCharacterReferencesAndKeepsUnknownOnes() throws {
        let parsed = try parse("a &lt;b&gt; &amp; &quot;c&quot; &#1046;&#x41; &nbsp; R&D")
        #expect(parsed.text == "a <b> & \"c\" ЖA &nbsp; R&D")
        #expect(parsed.entities.isEmpty)
    }

    @Test func readsPreWithCodeLanguage() throws {
        let parsed = try parse("<pre><code class=\"language-swift\">let x = 1</code></pre>")
        #expect(parsed.entities == [.init(type: "pre", offset: 0, length: 9, language: "swift")])
    }

    @Test func dropsLinksTelegramWouldNotAccept() throws {
        #expect(try parse("<a href=\"javascript:alert(1)\">x</a>").entities.isEmpty)
        #expect(try parse("<a href=\"example.kz\">x</a>").entities.first?.url == "http://example.kz/")
    }

    @Test func reportsTelegramsErrorsWithByteOffsets() {
        #expect(failure("<b>жирный") == "Can't find end tag corresponding to start tag \"b\"")
        #expect(failure("Привет <p>абзац</p>") == "Unsupported start tag \"p\" at byte offset 13")
        #expect(failure("a < b") == "Unsupported start tag \"\" at byte offset 2")
        #expect(failure("x</b>") == "Unexpected end tag at byte offset 1")
        #expect(failure("<b><i>x</b></i>") == "Unmatched end tag at byte offset 7, expected \"</i>\", found \"</b>\"")
        #expect(failure("<span>x</span>") == "Tag \"span\" must have class \"tg-spoiler\" at byte offset 0")
        #expect(failure("text <b") == "Unclosed start tag at byte offset 5")
        #expect(failure("<a href=\"x\"") == "Unclosed start tag at byte offset 0")
        #expect(failure("<b>x</b") == "Unclosed end tag at byte offset 4")
    }

    @Test func trimmingShiftsAndClipsEntities() throws {
        let parsed = try parse("  \n<b> Привет </b>\n ").trimmed()
        #expect(parsed.text == "Привет")
        #expect(parsed.entities == [.init(type: "bold", offset: 0, length: 6)])
    }

    @Test func detectsCommandsInUserText() {
        let text = FormattedText.userText("/start@zhilyego_bot ref123 and /help")
        #expect(text.entities == [
            .init(type: "bot_command", offset: 0, length: 19),
            .init(type: "bot_command", offset: 31, length: 5),
        ])
        #expect(FormattedText.userText("путь a/b не команда").entities.isEmpty)
    }
}
