import Foundation
import HTTPClient
import Hummingbird
import Logging
import Testing

@Suite("HTTPClient local source address")
struct HTTPClientSourceAddressTests {
    @Test func sendsFromTheRequestedLoopbackAddress() async throws {
        try await withPeerServer { baseURL in
            try await withClient { client in
                let plain = try await client.get(url: "\(baseURL)/peer")
                #expect(plain.text == "127.0.0.1")
                let bound = try await client.send(HTTPClient::HTTPRequest(url: "\(baseURL)/peer", localAddress: "127.0.0.2"))
                #expect(bound.text == "127.0.0.2")
                let explicit = try await client.send(HTTPClient::HTTPRequest(url: "\(baseURL)/peer", localAddress: "host!127.0.0.3"))
                #expect(explicit.text == "127.0.0.3")
            }
        }
    }

    @Test func requestWithoutSourceNeverReusesABoundConnection() async throws {
        try await withPeerServer { baseURL in
            try await withClient { client in
                for _ in 0..<3 {
                    let bound = try await client.send(HTTPClient::HTTPRequest(url: "\(baseURL)/peer", localAddress: "127.0.0.4"))
                    #expect(bound.text == "127.0.0.4")
                    let plain = try await client.get(url: "\(baseURL)/peer")
                    #expect(plain.text == "127.0.0.1")
                }
            }
        }
    }

    @Test func clientDefaultSourceAppliesToEveryRequestAndCanBeOverridden() async throws {
        try await withPeerServer { baseURL in
            try await withClient(HTTPClientConfiguration(localAddress: "127.0.0.5")) { client in
                #expect(try await client.get(url: "\(baseURL)/peer").text == "127.0.0.5")
                #expect(try await client.get(url: "\(baseURL)/peer").text == "127.0.0.5")
                let other = try await client.send(HTTPClient::HTTPRequest(url: "\(baseURL)/peer", localAddress: "127.0.0.6"))
                #expect(other.text == "127.0.0.6")
                #expect(try await client.get(url: "\(baseURL)/peer").text == "127.0.0.5")
            }
        }
    }

    @Test func unusableSourceAddressFailsAsConnectionFailure() async throws {
        try await withPeerServer { baseURL in
            try await withClient { client in
                // 192.0.2.1 (TEST-NET-1) is not an address of this machine, so binding to it fails.
                let error = await #expect(throws: HTTPClientError.self) {
                    try await client.send(HTTPClient::HTTPRequest(url: "\(baseURL)/peer", localAddress: "192.0.2.1"))
                }
                #expect(error?.kind == .connectionFailed)
            }
        }
    }

    @Test func rejectsAMalformedSourceAddress() async throws {
        try await withClient { client in
            let error = await #expect(throws: HTTPClientError.self) {
                try await client.send(HTTPClient::HTTPRequest(url: "http://127.0.0.1:1/", localAddress: "127.0.0.2 "))
            }
            #expect(error?.kind == .invalidRequest)
        }
    }
}

/// Request context that knows the client's IP address.
private struct PeerAddressContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peerAddress: String

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress ?? "?"
    }
}

/// Runs a server on 127.0.0.1 (free port) whose `/peer` answers the caller's IP address, for the duration of `body`.
private func withPeerServer(_ body: @Sendable (String) async throws -> Void) async throws {
    let router = Router(context: PeerAddressContext.self)
    router.get("peer") { _, context in context.peerAddress }
    let (ports, portsContinuation) = AsyncStream<Int>.makeStream()
    var logger = Logger(label: "http-client-tests.peer-server")
    logger.logLevel = .critical
    let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                          onServerRunning: { channel in
                              portsContinuation.yield(channel.localAddress?.port ?? 0)
                              portsContinuation.finish()
                          },
                          logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await app.run() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next(), port > 0 else {
            group.cancelAll()
            throw TestServerError.didNotStart
        }
        do {
            try await body("http://127.0.0.1:\(port)")
            group.cancelAll()
        } catch {
            group.cancelAll()
            throw error
        }
    }
}
