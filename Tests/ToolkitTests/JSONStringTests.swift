import Testing
import Toolkit

/// One JSON string escaper for the log lines, the payments answers and the Kaspi sandbox.
@Suite struct JSONStringTests {
    @Test func escapesQuotesControlCharactersAndKeepsCyrillic() {
        var output = ""
        JSONString.append("Привет \"мир\"\n\t\u{01}\\", to: &output)
        #expect(output == "\"Привет \\\"мир\\\"\\n\\t\\u0001\\\\\"")
        #expect(JSONString.quoted("a<b\u{1f}") == "\"a<b\\u001f\"")
    }

    @Test func escapesLessThanOnlyWhenAsked() {
        var output = ""
        JSONString.append("</script>", to: &output, escapingLessThan: true)
        #expect(output == "\"\\u003c/script>\"")
    }
}
