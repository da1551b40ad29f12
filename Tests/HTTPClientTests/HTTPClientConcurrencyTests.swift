import Foundation
import HTTPClient
import Testing

@Suite("HTTPClient under concurrency")
struct HTTPClientConcurrencyTests {
    @Test(arguments: [1, 3])
    func answersOneHundredConcurrentRequestsCorrectly(threads: Int) async throws {
        try await withTestServer { server in
            try await withClient(HTTPClientConfiguration(threads: threads)) { client in
                let replies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                    for index in 0..<100 {
                        group.addTask {
                            let response = try await client.postJSON(
                                url: "\(server.baseURL)/greet", body: Greeting(name: "№\(index)"))
                            return (index, try response.decode(GreetingReply.self).text)
                        }
                    }
                    var collected: [Int: String] = [:]
                    for try await (index, text) in group { collected[index] = text }
                    return collected
                }
                #expect(replies.count == 100)
                for index in 0..<100 {
                    #expect(replies[index] == "Привет, №\(index)!")
                }
            }
        }
    }
}
