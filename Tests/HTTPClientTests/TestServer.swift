import Foundation
import Hummingbird
import Logging
import HTTPTypes
import NIOCore

/// What `/echo` saw, sent back as JSON so the client side can check exactly what went over the wire.
struct EchoReply: Codable, Sendable {
    var method: String
    var path: String
    var headers: [[String]]
    var body: Data

    func header(_ name: String) -> String? {
        headers.first { $0[0].lowercased() == name.lowercased() }?[1]
    }
}

struct Greeting: Codable, Sendable, Equatable {
    var name: String
    var city: String?
}

struct GreetingReply: Codable, Sendable, Equatable {
    var text: String
}

/// A real HTTP server on 127.0.0.1 (random free port) for one test.
struct TestServer: Sendable {
    /// `http://127.0.0.1:<port>`
    let baseURL: String
    /// Yields the path of each `/slow` request when its handler starts waiting.
    let slowArrivals: AsyncStream<String>
}

/// Runs a test server for the duration of `body`, then stops it.
func withTestServer<T: Sendable>(_ body: @Sendable (TestServer) async throws -> T) async throws -> T {
    let (arrivals, arrivalsContinuation) = AsyncStream<String>.makeStream()
    let (ports, portsContinuation) = AsyncStream<Int>.makeStream()
    var logger = Logger(label: "http-client-tests.server")
    logger.logLevel = .critical
    let app = Application(
        router: makeTestRouter(slowArrivals: arrivalsContinuation),
        configuration: .init(address: .hostname("127.0.0.1", port: 0)),
        onServerRunning: { channel in
            portsContinuation.yield(channel.localAddress?.port ?? 0)
            portsContinuation.finish()
        },
        logger: logger)

    return try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask {
            try await app.run()
            return nil
        }
        var portIterator = ports.makeAsyncIterator()
        guard let port = await portIterator.next(), port > 0 else {
            group.cancelAll()
            throw TestServerError.didNotStart
        }
        let server = TestServer(baseURL: "http://127.0.0.1:\(port)", slowArrivals: arrivals)
        do {
            let result = try await body(server)
            group.cancelAll()
            arrivalsContinuation.finish()
            return result
        } catch {
            group.cancelAll()
            arrivalsContinuation.finish()
            throw error
        }
    }
}

enum TestServerError: Error {
    case didNotStart
}

/// Request context that also knows the client's TCP port, to observe connection reuse.
struct TestRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let peerPort: Int

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerPort = source.channel.remoteAddress?.port ?? 0
    }
}

private func makeTestRouter(slowArrivals: AsyncStream<String>.Continuation) -> Router<TestRequestContext> {
    let router = Router(context: TestRequestContext.self)

    router.get("peer") { _, context in "\(context.peerPort)" }

    router.get("hello") { _, _ in "hello" }

    let echo: @Sendable (Request, TestRequestContext) async throws -> Response = { request, _ in
        let buffer = try await request.body.collect(upTo: 64 * 1024 * 1024)
        let reply = EchoReply(
            method: request.method.rawValue,
            path: request.uri.path,
            headers: request.headers.map { [$0.name.rawName, $0.value] },
            body: Data(buffer.readableBytesView))
        return try jsonResponse(reply)
    }
    router.get("echo", use: echo)
    router.post("echo", use: echo)
    router.put("echo", use: echo)
    router.patch("echo", use: echo)
    router.delete("echo", use: echo)

    router.head("resource") { _, _ in
        var headers = HTTPFields()
        headers[.contentLength] = "1234"
        headers[.init("X-Resource-Version")!] = "7"
        return Response(status: .ok, headers: headers)
    }

    router.get("headers") { _, _ in
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        headers.append(HTTPField(name: .init("X-Request-Trace")!, value: "abc-123"))
        headers.append(HTTPField(name: .setCookie, value: "a=1"))
        headers.append(HTTPField(name: .setCookie, value: "b=2"))
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "ok")))
    }

    router.post("greet") { request, context in
        let greeting = try await request.decode(as: Greeting.self, context: context)
        return try jsonResponse(GreetingReply(text: "Привет, \(greeting.name)!"), status: .created)
    }

    router.post("form") { request, _ in
        let buffer = try await request.body.collect(upTo: 1024 * 1024)
        let greeting = try URLEncodedFormDecoder().decode(Greeting.self, from: String(buffer: buffer))
        return try jsonResponse(GreetingReply(text: "\(greeting.name) из \(greeting.city ?? "?")"))
    }

    router.get("slow") { request, _ in
        let milliseconds = request.uri.queryParameters.get("ms", as: Int.self) ?? 10_000
        slowArrivals.yield(request.uri.path)
        try await Task.sleep(for: .milliseconds(milliseconds))
        return "done"
    }

    router.get("bytes") { request, _ in
        let count = request.uri.queryParameters.get("count", as: Int.self) ?? 0
        return Response(status: .ok, body: .init(byteBuffer: ByteBuffer(repeating: UInt8(ascii: "x"), count: count)))
    }

    router.get("status/:code") { _, context in
        let code = try context.parameters.require("code", as: Int.self)
        return Response(status: .init(code: code), body: .init(byteBuffer: ByteBuffer(string: "status \(code)")))
    }

    return router
}

private func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let data = try JSONEncoder().encode(value)
    var headers = HTTPFields()
    headers[.contentType] = "application/json; charset=utf-8"
    return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
