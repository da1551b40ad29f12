import Foundation
import HTTPClient
import Testing

@Suite("HTTPClient failures")
struct HTTPClientFailureTests {
    @Test func timesOutAgainstASlowHandler() async throws {
        try await withTestServer { server in
            try await withClient { client in
                let error = try await #require(throws: HTTPClientError.self) {
                    try await client.send(HTTPRequest(
                        url: "\(server.baseURL)/slow?ms=20000", timeout: .milliseconds(300)))
                }
                #expect(error.kind == .timeout)
            }
        }
    }

    @Test func failsToConnectToAClosedPort() async throws {
        let port = try closedLoopbackPort()
        try await withClient { client in
            let error = try await #require(throws: HTTPClientError.self) {
                try await client.get(url: "http://127.0.0.1:\(port)/hello")
            }
            #expect(error.kind == .connectionFailed)
            #expect(error.curlCode != nil)
        }
    }

    @Test(arguments: ["", "not a url", "ftp://example.com/file", "file:///etc/passwd", "https://exa mple.com/"])
    func rejectsInvalidURLs(url: String) async throws {
        try await withClient { client in
            let error = try await #require(throws: HTTPClientError.self) {
                try await client.get(url: url)
            }
            #expect(error.kind == .invalidURL)
        }
    }

    @Test func rejectsHeaderInjection() async throws {
        try await withClient { client in
            let error = try await #require(throws: HTTPClientError.self) {
                try await client.get(url: "http://127.0.0.1:9/", headers: ["X-Note": "a\r\nX-Evil: 1"])
            }
            #expect(error.kind == .invalidRequest)
        }
    }

    @Test func refusesResponsesLargerThanTheLimit() async throws {
        try await withTestServer { server in
            try await withClient(HTTPClientConfiguration(maxResponseBytes: 1000)) { client in
                let small = try await client.get(url: "\(server.baseURL)/bytes?count=1000")
                #expect(small.body.count == 1000)
                let error = try await #require(throws: HTTPClientError.self) {
                    try await client.get(url: "\(server.baseURL)/bytes?count=1001")
                }
                #expect(error.kind == .responseTooLarge)
                let perRequest = try await client.send(HTTPRequest(
                    url: "\(server.baseURL)/bytes?count=5000", maxResponseBytes: 5000))
                #expect(perRequest.body.count == 5000)
            }
        }
    }

    @Test func cancellationAbortsASlowRequest() async throws {
        try await withTestServer { server in
            try await withClient { client in
                // If cancellation did not abort the transfer, it would end with a timeout error after 60 s.
                let request = Task {
                    try await client.send(HTTPRequest(
                        url: "\(server.baseURL)/slow?ms=120000", timeout: .seconds(60)))
                }
                var arrivals = server.slowArrivals.makeAsyncIterator()
                _ = await arrivals.next()
                request.cancel()
                await #expect(throws: CancellationError.self) {
                    try await request.value
                }
                // The client stays usable.
                let after = try await client.get(url: "\(server.baseURL)/hello")
                #expect(after.text == "hello")
            }
        }
    }

    @Test func alreadyCancelledTaskFailsWithoutSending() async throws {
        try await withClient { client in
            let port = try closedLoopbackPort()
            let request = Task {
                withUnsafeCurrentTask { $0?.cancel() }
                return try await client.get(url: "http://127.0.0.1:\(port)/never")
            }
            await #expect(throws: CancellationError.self) {
                try await request.value
            }
        }
    }

    @Test func failsRequestsAfterShutdown() async throws {
        let client = HTTPClient()
        await client.shutdown()
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.get(url: "http://127.0.0.1:9/")
        }
        #expect(error.kind == .shutdown)
        await client.shutdown()
    }

    @Test func shutdownFailsRequestsInFlight() async throws {
        try await withTestServer { server in
            let client = HTTPClient()
            let request = Task {
                try await client.send(HTTPRequest(url: "\(server.baseURL)/slow?ms=120000", timeout: .seconds(60)))
            }
            var arrivals = server.slowArrivals.makeAsyncIterator()
            _ = await arrivals.next()
            await client.shutdown()
            let error = try await #require(throws: HTTPClientError.self) {
                try await request.value
            }
            #expect(error.kind == .shutdown)
        }
    }
}
