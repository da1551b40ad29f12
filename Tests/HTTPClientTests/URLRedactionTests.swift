import Foundation
import HTTPClient
import Testing

@Suite("URL redaction keeps secrets out of errors and logs")
struct URLRedactionTests {
    @Test(arguments: [
        ("https://api.telegram.org/bot123456:ABC-DEF_ghi/getUpdates?offset=10&timeout=30",
         "https://api.telegram.org/bot<redacted>/getUpdates"),
        ("https://api.telegram.org/file/bot123456:ABC-DEF/photos/file_1.jpg",
         "https://api.telegram.org/file/bot<redacted>/photos/file_1.jpg"),
        ("https://user:p%40ss@kaspi.example:8443/v2/payments?sign=abc#frag",
         "https://kaspi.example:8443/v2/payments"),
        ("http://127.0.0.1:8081/bot42/sendMessage", "http://127.0.0.1:8081/bot<redacted>/sendMessage"),
        ("https://example.com/robot1/bots/botanic", "https://example.com/robot1/bots/botanic"),
        ("https://example.com", "https://example.com"),
        ("not a url?secret=1", "not a url"),
    ])
    func redactsURL(input: String, expected: String) {
        #expect(URLRedaction.redact(input) == expected)
    }

    @Test func redactsBotTokensInFreeText() {
        let text = "Failed for /bot123:XYZ-abc_9/getMe and 'bot77:Q' but not robot1"
        #expect(URLRedaction.redactBotTokens(in: text)
                    == "Failed for /bot<redacted>/getMe and 'bot<redacted>' but not robot1")
    }

    @Test func errorDescriptionsNeverContainTheBotToken() async throws {
        let token = "5829301744:AAHf3kXz_secretTokenPart-Q9"
        let port = try closedLoopbackPort()
        try await withClient { client in
            let urls = [
                "http://127.0.0.1:\(port)/bot\(token)/getUpdates?offset=1&timeout=30",
                "ftp://api.telegram.org/bot\(token)/getMe",
                "http://127.0.0.1:\(port)/bot\(token)/sendMessage\r\n",
            ]
            for url in urls {
                let error = try await #require(throws: HTTPClientError.self) {
                    try await client.get(url: url, headers: ["Authorization": "Bearer \(token)"])
                }
                for text in [String(describing: error), "\(error)", String(reflecting: error), error.message,
                             error.redactedURL] {
                    #expect(!text.contains(token))
                    #expect(!text.contains("5829301744"))
                    #expect(!text.contains("secretTokenPart"))
                    #expect(!text.contains("timeout=30"))
                }
                #expect(error.redactedURL.contains("bot<redacted>"))
            }
        }
    }

    @Test func headerDescriptionListsNamesOnly() {
        let headers: HTTPHeaders = ["X-Auth-Token": "kaspi-secret", "Accept": "application/json"]
        #expect(!String(describing: headers).contains("kaspi-secret"))
        #expect(String(describing: headers).contains("X-Auth-Token"))
    }
}
